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

    /// The latest `count` matching lines, oldest first; returns the horizon they were read below.
    func printLatest(_ count: Int) throws(StateError) -> UInt64 {
        let horizon = try store.alertHorizon()
        var found: [String] = []
        var before = Int64.max
        pages: while found.count < count {
            let page = try store.latestAlertLines(below: horizon, beforeSequence: before, limit: 500)
            guard let last = page.last else { break }
            for (_, line) in page where query.accepts(Array(line.utf8)) {
                found.append(line)
                if found.count == count { break pages }
            }
            before = last.0
        }
        for line in found.reversed() { printer.print(Array(line.utf8)) }
        return horizon
    }

    /// Prints lines as nodes record them, until cancelled.
    func follow(from start: UInt64) async throws {
        var horizon = start
        while !Task.isCancelled {
            let next = try store.alertHorizon()
            for line in try store.alertLines(from: horizon, below: next) where query.accepts(Array(line.utf8)) {
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
