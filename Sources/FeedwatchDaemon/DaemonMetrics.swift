import FeedwatchConfig
import Foundation
import Metrics

/// The daemon's own metrics (the pipeline records its passes itself): the scheduler's view of
/// the feeds, the watchlist in use and how reloads went. Through swift-metrics, like the rest.
struct DaemonMetrics: Sendable {
    private let configured = Gauge(label: "feedwatch_feeds_configured")
    private let due = Counter(label: "feedwatch_feeds_due_total")
    private let inFlight = Gauge(label: "feedwatch_feeds_in_flight")
    private let failing = Gauge(label: "feedwatch_feeds_failing")
    private let backoff = Gauge(label: "feedwatch_feeds_backoff")
    private let actors = Gauge(label: "feedwatch_watchlist_actors")
    private let aliases = Gauge(label: "feedwatch_watchlist_aliases")
    private let fromCache = Gauge(label: "feedwatch_watchlist_from_cache")
    private let reloadsOK = Counter(label: "feedwatch_reloads_total", dimensions: [("result", "ok")])
    private let reloadsRejected = Counter(label: "feedwatch_reloads_total", dimensions: [("result", "rejected")])
    private let lastLoad = Gauge(label: "feedwatch_last_reload_success_timestamp_seconds")

    init() {
        Gauge(label: "feedwatch_build_info", dimensions: [("version", FeedwatchVersion.current)]).record(1)
    }

    /// A config and watchlist are in use: at start, and after each successful reload.
    func loaded(_ setup: Setup, cached: Bool, reload: Bool) {
        configured.record(setup.config.feeds.count)
        actors.record(setup.watchlist.actors.count)
        aliases.record(setup.watchlist.aliasCount)
        fromCache.record(cached ? 1 : 0)
        lastLoad.record(Date().timeIntervalSince1970)
        if reload { reloadsOK.increment() }
    }

    func reloadRejected() { reloadsRejected.increment() }

    func started(_ count: Int) { due.increment(by: count) }

    /// The scheduler's counts after feeds started or finished.
    func feeds(inFlight running: Int, failing failingCount: Int, backoff waiting: Int) {
        inFlight.record(running)
        failing.record(failingCount)
        backoff.record(waiting)
    }
}
