import Dispatch
import Synchronization

/// Runs a pass's commits one after another on a thread of their own, so the pass goes on
/// handing out parsing and matching while a commit waits for the alert log's fdatasync and the
/// state's round trips (a PostgreSQL commit of 32 feeds is tens of milliseconds of waiting).
///
/// At most one commit is in flight: the pass keeps gathering finished feeds meanwhile and hands
/// them over together when it is done, so a slower store gets bigger groups rather than a queue.
/// The order of commits is the order of ``submit(_:onDone:)`` calls, which keeps the alert log in
/// the order `LogRecovery` expects. After a failed commit nothing more is committed; the pass
/// learns of the failure from ``checkFailure()`` or ``finish()``.
final class CommitLane: Sendable {
    private struct Tally: Sendable {
        var busy = false
        var summary = PassSummary()
        var failure: (any Error)?
    }

    private let recording: any PassRecording
    private let context: CommitContext
    private let queue = DispatchQueue(label: "feedwatch.commit")
    private let tally = Mutex(Tally())

    init(recording: any PassRecording, context: CommitContext) {
        self.recording = recording
        self.context = context
    }

    /// True while a commit runs.
    var isBusy: Bool { tally.withLock { $0.busy } }

    /// Commits `group` on the lane's thread, then calls `onDone` there. The caller submits only
    /// while the lane is idle.
    func submit(_ group: [PendingFeed], onDone: @escaping @Sendable () -> Void) {
        tally.withLock { $0.busy = true }
        queue.async { [self] in
            var group = group
            var part = PassSummary()
            let failed = tally.withLock { $0.failure != nil }
            var failure: (any Error)?
            if !failed {
                do { try recording.commit(&group, context: context, summary: &part) } catch { failure = error }
            }
            tally.withLock {
                $0.summary.absorb(commit: part)
                if $0.failure == nil { $0.failure = failure }
                $0.busy = false
            }
            onDone()
        }
    }

    /// Blocks until the commit in flight, if any, has ended.
    func wait() { queue.sync {} }

    /// Throws the failure of a commit that has ended, if one failed.
    func checkFailure() throws {
        if let failure = tally.withLock({ $0.failure }) { throw failure }
    }

    /// Waits for the commit in flight; returns what all commits added to the pass's summary, or
    /// throws the first commit's failure.
    func finish() throws -> PassSummary {
        wait()
        try checkFailure()
        return tally.withLock { $0.summary }
    }
}

extension PassSummary {
    /// Adds what a commit counts (alerts written or deferred, the alert log's error, leases lost)
    /// to a summary whose other counts the pass keeps itself.
    mutating func absorb(commit part: PassSummary) {
        alertsWritten += part.alertsWritten
        alertsDeferred += part.alertsDeferred
        leasesLost += part.leasesLost
        if let error = part.alertLogError { alertLogError = error }
    }
}
