import AlertLog
import FeedPipeline
import FeedState
import FeedwatchConfig

/// `feedwatch tail --cluster`: every node's alerts from the cluster's database, in the order
/// they were recorded, instead of one node's log file.
///
/// The database is the source of truth and notifications only wake the reader. Lines are taken
/// window by window below the oldest transaction still running (its "horizon"): everything a
/// finished transaction wrote is in the window that covers it, so a transaction that commits
/// late is never skipped, and none is read twice.
struct ClusterTail {
    let store: StateStore
    let query: AlertQuery
    let printer: AlertPrinter

    /// The latest `count` matching lines, oldest first; returns where following starts.
    func printLatest(_ count: Int) throws(StateError) -> (horizon: UInt64, shown: Set<Int64>) {
        let latest = try store.latestAlertLines(count) { query.accepts(Array($0.utf8)) }
        for line in latest.lines { printer.print(Array(line.utf8)) }
        return (latest.horizon, latest.visible)
    }

    /// Prints lines as nodes record them, until cancelled.
    /// `shown`: lines at or above `start` that were already visible when the latest were read:
    /// shown then, or older than what was asked for; either way not again.
    func follow(from start: UInt64, skipping shown: Set<Int64>) async throws {
        var horizon = start
        while !Task.isCancelled {
            let next = try store.alertHorizon()
            for (sequence, line) in try store.alertLines(from: horizon, below: next)
            where !shown.contains(sequence) && query.accepts(Array(line.utf8)) {
                printer.print(Array(line.utf8))
            }
            horizon = max(horizon, next)
            // Wakes at a node's commit, or after a second at the latest (a transaction still
            // running at the last read may have finished without anything new being announced).
            _ = try store.waitForAlerts(timeout: .seconds(1))
            await Task.yield()
        }
    }
}
