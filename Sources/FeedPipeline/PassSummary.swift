/// What one pass over the feeds did, for the one-screen summary of `feedwatch once` and the
/// daemon's per-pass log line.
public struct PassSummary: Sendable {
    public struct Failure: Sendable, Hashable {
        public var url: String
        public var message: String
    }

    public var fetched = 0
    public var notModified = 0
    public var failures: [Failure] = []
    /// Feeds whose 301/308 chain ended at a new permanent URL (the config is not rewritten).
    public var permanentRedirects: [(from: String, to: String)] = []
    /// Feeds marked failing in this pass (410 Gone, or too many failures in a row), with the reason.
    public var nowFailing: [Failure] = []
    /// Feeds that were failing and succeeded again.
    public var recovered: [String] = []
    public var newItems = 0
    public var changedItems = 0
    public var alertsWritten = 0
    /// Alerts that could not be written (disk full, permissions); their items alert on a later pass.
    public var alertsDeferred = 0
    public var alertLogError: String?
    /// Cluster mode: due feeds another node held, and results dropped because this node's lease
    /// on the feed had passed to another (it stopped, or lost the database, for too long).
    public var notClaimed = 0
    public var leasesLost = 0
    public var seconds = 0.0

    public init() {}

    public var feeds: Int { fetched + notModified + failures.count }

    /// A few lines a person reads at a glance.
    public var text: String {
        var lines = [
            "feeds:  \(feeds) (\(fetched) ok, \(notModified) not modified, \(failures.count) failed)",
            "items:  \(newItems) new, \(changedItems) changed",
            "alerts: \(alertsWritten) written" + (alertsDeferred > 0 ? ", \(alertsDeferred) deferred" : ""),
            "time:   \(String(format: "%.2f", seconds)) s",
        ]
        if let alertLogError { lines.append("alert log: \(alertLogError)") }
        if notClaimed > 0 || leasesLost > 0 {
            lines.append("leases: \(notClaimed) due feeds held by other nodes, \(leasesLost) results dropped (lease lost)")
        }
        for redirect in permanentRedirects { lines.append("moved:  \(redirect.from) -> \(redirect.to) (update the config)") }
        for failure in failures.prefix(20) { lines.append("failed: \(failure.message)") }
        if failures.count > 20 { lines.append("failed: … and \(failures.count - 20) more (feedwatch status --failing)") }
        return lines.joined(separator: "\n")
    }
}
