import AlertLog
import FeedState
import FeedwatchConfig

/// How a pass takes its feeds and records what it found. Two ways, one protocol, so the pass
/// itself never asks which: ``SoloRecording`` for one process per state (the alert log first,
/// then the state; `LogRecovery` closes the gap after a crash) and ``ClusterRecording`` for a
/// node sharing the state with others (claims under leases; the state first, with the lines in
/// the node's outbox, then the log).
public protocol PassRecording: Sendable {
    /// The feeds of `due` this process fetches now, with their lease epochs (empty alone).
    /// `window` is how many results the pass holds at once, a fair share to claim; `perHost` the
    /// transfers one host may see at once (across the cluster, for a node).
    func claim(_ due: [FeedSource], state: StateStore, window: Int, perHost: Int) throws
        -> (feeds: [FeedSource], epochs: [String: Int64])
    /// Logs and records every pending feed; empties `pending`.
    func commit(_ pending: inout [PendingFeed], context: CommitContext, summary: inout PassSummary) throws
    /// At start: makes the alert log and the state agree after a crash; returns the alerts it mended.
    func recover(logPath: String, log: AlertLogWriter, state: StateStore) throws -> Int
    /// After a reload: what the process now runs (a cluster node tells the others).
    func update(feeds: [FeedSource], watchlistFingerprint: String)
}

extension PassRecording {
    public func update(feeds: [FeedSource], watchlistFingerprint: String) {}
}

/// What a commit writes to.
public struct CommitContext: Sendable {
    public var state: StateStore
    public var log: AlertLogWriter
    public var metrics: PipelineMetrics
}

/// One process per state (the default): every due feed is this process's.
public struct SoloRecording: PassRecording {
    public init() {}

    public func claim(_ due: [FeedSource], state: StateStore, window: Int, perHost: Int) throws
        -> (feeds: [FeedSource], epochs: [String: Int64]) {
        (due, [:])
    }

    public func recover(logPath: String, log: AlertLogWriter, state: StateStore) throws -> Int {
        try LogRecovery.reconcile(logPath: logPath, state: state)
    }

    public func commit(_ pending: inout [PendingFeed], context: CommitContext, summary: inout PassSummary) throws {
        let log = context.log, state = context.state, metrics = context.metrics
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        let lines = pending.flatMap(\.lines)
        var written = lines.count
        var end: LogEnd?
        var failed = false
        do {
            end = try log.append(lines)
        } catch {
            written = error.written
            summary.alertLogError = error.description
            failed = true
        }
        summary.alertsWritten += written
        summary.alertsDeferred += lines.count - written
        var remaining = written
        let entries = pending.map { entry in
            var entry = entry
            let kept = min(remaining, entry.alerts.count)
            remaining -= kept
            if kept < entry.alerts.count {
                let unwritten = Set(entry.alerts[kept...].map(\.itemKey))
                entry.seen?.removeAll { unwritten.contains($0.key) }
                entry.alerts.removeLast(entry.alerts.count - kept)
                entry.lines.removeLast(entry.lines.count - kept)
            }
            return entry
        }
        let mentions = entries.reduce(0) { sum, entry in sum + entry.alerts.reduce(0) { $0 + $1.alert.actors.count } }
        metrics.logged(written: written, mentions: mentions, deferred: lines.count - written, failed: failed)
        try state.transaction { transaction in
            for entry in entries {
                guard let seen = entry.seen else {
                    try transaction.saveFeed(entry.record)
                    continue
                }
                let alerts = entry.alerts.map {
                    AlertRecord(itemKey: $0.itemKey, alertID: $0.alert.id, actorIDs: $0.alert.actors.map(\.id),
                                at: entry.seenAt)
                }
                try transaction.record(ItemBatch(feed: entry.record, seenAt: entry.seenAt, items: seen, alerts: alerts))
            }
            // Every line in the log is now recorded: a start need not look before this point.
            if let end, let last = lines.last { try transaction.saveLogCheckpoint(LogCheckpoint(end: end, lastLine: last)) }
        }
    }
}
