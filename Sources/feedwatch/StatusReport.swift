import FeedState
import FeedwatchConfig

/// One feed as `feedwatch status` shows it: what the config says about it joined with what the
/// state file remembers, so a feed the daemon never reached still gets a row.
struct StatusRow: Sendable {
    /// How a feed is doing, worst first in the sense an operator cares about.
    enum Health: String, Sendable {
        /// Marked failing (410 Gone, too many failures): retried at the backoff cap only.
        case failing
        /// The last fetches failed but the feed is not marked failing yet.
        case error
        /// The last fetch succeeded (200 or 304).
        case ok
        /// In the config, but no fetch of it was ever recorded.
        case neverFetched = "never fetched"
        /// Recorded in the state, but no longer in the config (the daemon no longer fetches it).
        case notInConfig = "not in config"
    }

    /// The URL as written in the config; the state's key.
    var url: String
    /// The config's `name:`, if any.
    var name: String?
    var inConfig: Bool
    /// The state's record; nil for a feed never recorded.
    var record: FeedRecord?
    /// Items the state file currently holds for the feed (after pruning).
    var storedItems: Int
    /// Cluster mode: the node fetching it right now.
    var leaseOwner: String? = nil

    /// What the table's first column shows: the config name, else the URL.
    var label: String { name ?? url }

    var health: Health {
        guard let record, record.lastAttempt != nil else { return inConfig ? .neverFetched : .notInConfig }
        if !inConfig { return .notInConfig }
        if record.isFailing { return .failing }
        if record.consecutiveFailures > 0 { return .error }
        return .ok
    }

    /// What `--failing` keeps: a failing flag or at least one failure since the last success.
    var isTroubled: Bool {
        guard let record else { return false }
        return record.isFailing || record.consecutiveFailures > 0
    }
}

/// Joins the config's feeds with the state's records: config order first (the operator's own
/// order), then feeds only the state knows, by URL.
enum StatusReport {
    static func rows(config feeds: [FeedSource]?, state: [FeedStatus]) -> [StatusRow] {
        // Sized up front: at 50,000 feeds, growing these one rehash at a time was a tenth of `status`.
        var byURL: [String: FeedStatus] = [:]
        byURL.reserveCapacity(state.count)
        for entry in state { byURL[entry.feed.url] = entry }
        var rows: [StatusRow] = []
        rows.reserveCapacity(max(state.count, feeds?.count ?? 0))
        var listed = Set<String>(minimumCapacity: feeds?.count ?? 0)
        for feed in feeds ?? [] where listed.insert(feed.url).inserted {
            let entry = byURL[feed.url]
            rows.append(StatusRow(url: feed.url, name: feed.name, inConfig: true, record: entry?.feed,
                                  storedItems: entry?.storedItems ?? 0, leaseOwner: entry?.leaseOwner))
        }
        // Without a config every recorded feed counts as configured: nothing says otherwise.
        let known = feeds != nil
        for entry in state where !listed.contains(entry.feed.url) {
            rows.append(StatusRow(url: entry.feed.url, name: nil, inConfig: !known, record: entry.feed,
                                  storedItems: entry.storedItems, leaseOwner: entry.leaseOwner))
        }
        return rows
    }

    /// One line counting the rows by health, e.g. `5 feeds: 3 ok, 1 error, 1 never fetched`.
    static func summary(_ rows: [StatusRow]) -> String {
        let order: [StatusRow.Health] = [.ok, .error, .failing, .neverFetched, .notInConfig]
        var counts: [StatusRow.Health: Int] = [:]
        for row in rows { counts[row.health, default: 0] += 1 }
        let parts = order.compactMap { health in counts[health].map { "\($0) \(health.rawValue)" } }
        let noun = rows.count == 1 ? "feed" : "feeds"
        return "\(rows.count) \(noun)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }
}
