import FeedFetch
import FeedState
import Metrics

/// What a pass records for monitoring, through swift-metrics: the pipeline never learns which
/// backend (if any) receives it.
///
/// Every handle is made once, when the pipeline is built, so the hot path is an increment on a
/// handle already in hand: with no backend bootstrapped (no `metrics:` in the config) that is a
/// call into swift-metrics' no-op handler, with Prometheus an atomic add. Every outcome label is
/// made up front, so each series exists at zero from the first scrape and `rate()` sees the
/// first failure.
public struct PipelineMetrics: Sendable {
    /// The fetch policy's error kinds, as `FetchError.Kind.key` spells them, plus the two successes.
    static let outcomes = ["ok", "not_modified", "dns", "connect", "tls", "timeout", "http", "too_large", "redirect",
                           "protocol", "file", "not_a_feed", "parse", "cancelled", "internal"]

    private let fetches: [String: Counter]
    private let fetchDuration = Timer(label: "feedwatch_fetch_duration_seconds")
    private let receivedBytes = Counter(label: "feedwatch_fetch_received_bytes_total")
    private let redirects = Counter(label: "feedwatch_fetch_redirects_total")
    private let retryAfter = Counter(label: "feedwatch_fetch_retry_after_total")
    private let newItems = Counter(label: "feedwatch_items_new_total")
    private let changedItems = Counter(label: "feedwatch_items_changed_total")
    private let alertsWritten = Counter(label: "feedwatch_alerts_written_total")
    private let mentions = Counter(label: "feedwatch_mentions_total")
    private let logWriteErrors = Counter(label: "feedwatch_alert_log_write_errors_total")
    private let alertsDeferred = Counter(label: "feedwatch_alerts_deferred_total")
    private let passDuration = Timer(label: "feedwatch_pass_duration_seconds")
    /// Series per feed (`metrics: per_feed: true`); made per use, since feeds come and go.
    let perFeed: Bool

    public init(perFeed: Bool = false) {
        fetches = Dictionary(uniqueKeysWithValues: Self.outcomes.map {
            ($0, Counter(label: "feedwatch_fetches_total", dimensions: [("outcome", $0)]))
        })
        self.perFeed = perFeed
    }

    /// One finished fetch; `honouredRetryAfter` when the backoff waits for the server's Retry-After.
    func fetched(_ result: FetchResult, outcome: FeedFetch.FetchOutcome, honouredRetryAfter: Bool) {
        let key: String
        switch outcome {
        case .fetched: key = "ok"
        case .notModified: key = "not_modified"
        case .failed(let error): key = error.kind.key
        }
        fetches[key]?.increment()
        fetchDuration.record(duration: result.elapsed)
        if result.receivedBytes > 0 { receivedBytes.increment(by: result.receivedBytes) }
        if result.redirects > 0 { redirects.increment(by: result.redirects) }
        if honouredRetryAfter { retryAfter.increment() }
    }

    func items(new: Int, changed: Int) {
        if new > 0 { newItems.increment(by: new) }
        if changed > 0 { changedItems.increment(by: changed) }
    }

    /// One commit to the alert log: lines written, actors named in them, lines deferred.
    func logged(written: Int, mentions named: Int, deferred: Int, failed: Bool) {
        if written > 0 { alertsWritten.increment(by: written) }
        if named > 0 { mentions.increment(by: named) }
        if deferred > 0 { alertsDeferred.increment(by: deferred) }
        if failed { logWriteErrors.increment() }
    }

    func passFinished(_ duration: Duration) {
        passDuration.record(duration: duration)
    }

    /// The per-feed series after a fetch (only with `per_feed`).
    func feedRecorded(_ record: FeedRecord) {
        guard perFeed else { return }
        let feed = [("feed", record.url)]
        if let success = record.lastSuccess {
            Gauge(label: "feedwatch_feed_last_success_timestamp_seconds", dimensions: feed).record(Double(success) / 1000)
        }
        Gauge(label: "feedwatch_feed_consecutive_failures", dimensions: feed).record(record.consecutiveFailures)
    }

    /// Removes the per-feed series of feeds no longer in the config (a reload).
    public func forget(feeds urls: some Sequence<String>) {
        guard perFeed else { return }
        for url in urls {
            let feed = [("feed", url)]
            Gauge(label: "feedwatch_feed_last_success_timestamp_seconds", dimensions: feed).destroy()
            Gauge(label: "feedwatch_feed_consecutive_failures", dimensions: feed).destroy()
        }
    }
}
