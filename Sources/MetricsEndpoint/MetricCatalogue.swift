/// What each metric of feedwatch means, for the `# HELP` lines, and which histogram buckets fit
/// it. swift-metrics carries only a name and labels, so the exposition side keeps the words;
/// `promtool check metrics` in the tests fails on any metric missing here ("no help text").
///
/// docs/metrics.md lists the same metrics for people; keep both in step.
enum MetricCatalogue {
    static let help: [String: String] = [
        // Fetching.
        "feedwatch_fetches_total": "Feed fetches by outcome: ok, not_modified, or the fetch policy's error kind.",
        "feedwatch_fetch_duration_seconds": "Time from the start of a transfer to its end, redirects included.",
        "feedwatch_fetch_received_bytes_total": "Response bytes received: headers, and bodies as sent (before decompression).",
        "feedwatch_fetch_redirects_total": "HTTP redirects followed.",
        "feedwatch_fetch_retry_after_total": "429/503 answers whose Retry-After the backoff waited for.",
        // Items and alerts.
        "feedwatch_items_new_total": "Items seen for the first time.",
        "feedwatch_items_changed_total": "Known items whose content changed.",
        "feedwatch_alerts_written_total": "Alert lines written to the alert log.",
        "feedwatch_mentions_total": "Actors named in written alert lines (one per actor per line).",
        "feedwatch_alert_log_write_errors_total": "Failed writes to the alert log (disk full, permissions).",
        "feedwatch_alerts_deferred_total": "Alerts not written because of a write error; their items alert on a later pass.",
        // Passes and the scheduler.
        "feedwatch_pass_duration_seconds": "Duration of one pass: fetching, parsing, matching and recording a batch of due feeds.",
        "feedwatch_feeds_configured": "Feeds in the config.",
        "feedwatch_feeds_due_total": "Feeds the scheduler started because they were due.",
        "feedwatch_feeds_in_flight": "Feeds being fetched or processed now.",
        "feedwatch_feeds_failing": "Feeds marked failing (410 Gone, or many failures in a row).",
        "feedwatch_feeds_backoff": "Feeds whose last fetch failed, waiting for their backoff.",
        "feedwatch_scheduler_lag_seconds": "How late a due feed started after its due time.",
        "feedwatch_scheduler_ticking": "1 while the scheduler loop makes progress (what /healthz and the watchdog see), else 0.",
        // Watchlist and reloads.
        "feedwatch_watchlist_actors": "Actors in the watchlist in use.",
        "feedwatch_watchlist_aliases": "Aliases in the watchlist in use.",
        "feedwatch_watchlist_from_cache": "1 when the watchlist in use was loaded from the compiled watchlist cache.",
        "feedwatch_reloads_total": "Reloads of config and watchlist by result: ok or rejected.",
        "feedwatch_last_reload_success_timestamp_seconds": "When the config and watchlist in use were loaded (start or reload).",
        // Files, process, build.
        "feedwatch_alert_log_bytes": "Size of the alert log file.",
        "feedwatch_state_file_bytes": "Size of the state file and its write-ahead log.",
        "feedwatch_build_info": "Always 1; the labels say which feedwatch runs.",
        "process_resident_memory_bytes": "Resident memory size in bytes.",
        "process_virtual_memory_bytes": "Virtual memory size in bytes.",
        "process_cpu_seconds_total": "Total user and system CPU time spent in seconds.",
        "process_open_fds": "Number of open file descriptors.",
        "process_max_fds": "Maximum number of open file descriptors.",
        "process_start_time_seconds": "Start time of the process since unix epoch in seconds.",
        // Per feed (metrics: per_feed: true).
        "feedwatch_feed_last_success_timestamp_seconds": "Per feed: when its last fetch succeeded (200 or 304).",
        "feedwatch_feed_consecutive_failures": "Per feed: failed fetches since its last success.",
    ]

    /// Buckets of the duration histograms, in seconds of the range each measures.
    static let durationBuckets: [String: [Duration]] = [
        // A transfer: milliseconds on loopback, up to the 30 s default timeout.
        "feedwatch_fetch_duration_seconds": seconds([0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]),
        // A pass: one feed to 50,000 feeds at once after a restart.
        "feedwatch_pass_duration_seconds": seconds([0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]),
        // Lag: the scheduler sleeps until the next due time, so mostly under a tick (1 s).
        "feedwatch_scheduler_lag_seconds": seconds([0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60, 300, 3600]),
    ]

    /// Buckets for a duration histogram the catalogue does not know.
    static let defaultDurationBuckets = seconds([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])
    /// Buckets for a value histogram (an aggregating swift-metrics `Recorder`); none is used yet.
    static let defaultValueBuckets: [Double] = [1, 10, 100, 1000, 10_000, 100_000]

    private static func seconds(_ values: [Double]) -> [Duration] {
        values.map { .nanoseconds(Int64(($0 * 1e9).rounded())) }
    }
}
