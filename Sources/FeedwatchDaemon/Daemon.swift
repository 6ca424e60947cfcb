import ActorMatch
import FeedFetch
import FeedPipeline
import FeedState
import FeedwatchConfig
import Foundation
import Logging

/// `feedwatch run`: the long-running service.
///
/// A scheduler loop starts each feed when it is due (its interval, backoff or Retry-After, as
/// recorded in the state, so a restart does not fire every feed at once) through the fetcher's
/// limits, and streams results through the pipeline. Signals reload (SIGHUP), reopen the alert
/// log (SIGUSR1) and stop (SIGTERM/SIGINT); systemd hears about all of it over the notify socket.
public actor Daemon {
    public struct Options: Sendable {
        public var configFile: String
        public var overrides: PathOverrides
        public var environment: [String: String]
        /// How long running transfers may finish at stop before they are aborted.
        public var stopGrace: Duration = .seconds(10)
        /// Liveness and readiness for the health endpoint; make it after bootstrapping metrics.
        public var probes = ServiceProbes()

        public init(configFile: String, overrides: PathOverrides, environment: [String: String]) {
            self.configFile = configFile
            self.overrides = overrides
            self.environment = environment
        }
    }

    private let options: Options
    private let logger: Logger
    private let notifier: ServiceNotifier
    /// systemd's watchdog, when `WatchdogSec=` is set (read once from the environment).
    private let watchdog: Watchdog?
    private let lock: StateLock
    private var pipeline: Pipeline
    private var setup: Setup
    /// Whether the start loaded the compiled watchlist instead of reading the YAML (logged once).
    private let startedFromCache: Bool
    private var batches: [Int: Task<Void, Never>] = [:]
    private var inFlight: Set<String> = []
    private var nextBatch = 0
    private var stopping = false
    private var exitCode: Int32 = 0
    /// The scheduler's heartbeat and readiness, shared with the health endpoint.
    private let probes: ServiceProbes
    private let metrics = DaemonMetrics()
    private var lastPass: (at: Date, summary: PassSummary)?
    /// Which feeds are due, in memory: a tick reads nothing from the state file.
    private var scheduler: FeedScheduler
    /// Alerts written since local midnight, for the status line: counted in the state once a
    /// day, then kept up from each pass's summary (counting after every pass cost O(alerts
    /// today), seconds of CPU per pass with a million alerts).
    private var alertsToday: (midnight: Date, count: Int)?

    /// Loads and opens everything; throws a message naming what is wrong.
    public init(options: Options, logger: Logger) throws(DaemonError) {
        self.options = options
        self.logger = logger
        notifier = ServiceNotifier(environment: options.environment)
        watchdog = Watchdog(environment: options.environment)
        probes = options.probes
        probes.setLimit(watchdog?.interval ?? ServiceProbes.defaultLimit)
        let prepared: PreparedSetup
        do {
            prepared = try PreparedSetup.load(configFile: options.configFile, overrides: options.overrides,
                                              environment: options.environment)
        } catch {
            throw DaemonError(lines: error.diagnostics.map(\.description))
        }
        for warning in prepared.loaded.warnings { logger.warning("\(warning.description)") }
        startedFromCache = prepared.isCached
        let opened: PipelineSetup
        do {
            opened = try PipelineSetup(prepared: prepared)
        } catch {
            throw DaemonError(lines: [error.description])
        }
        if opened.recovered > 0 {
            logger.notice("recovered \(opened.recovered) alert(s) logged before an interruption")
        }
        setup = prepared.setup
        pipeline = opened.pipeline
        lock = opened.lock
        do {
            scheduler = try FeedScheduler(feeds: prepared.setup.config.feeds, state: opened.pipeline.state)
        } catch {
            throw DaemonError(lines: ["state file: \(error)"])
        }
        probes.watch(alertLog: prepared.setup.config.alertsPath, stateFile: prepared.setup.config.statePath)
        metrics.loaded(prepared.setup, cached: prepared.isCached, reload: false)
    }

    /// Runs until stopped; returns the process exit status.
    public func run() async -> Int32 {
        let signals = SignalEvents()
        defer { withExtendedLifetime(signals) {} }
        let signalStream = signals.stream
        let watcher = setup.config.watchConfig ? ConfigWatcher(files: [options.configFile, setup.config.watchlistPath]) : nil
        if setup.config.watchConfig, watcher == nil { logger.warning("watch_config: inotify is unavailable; reload with SIGHUP") }
        let watchlistSource = startedFromCache ? " (compiled watchlist from the cache)" : ""
        logger.info("started: \(setup.config.feeds.count) feeds, \(setup.watchlist.actors.count) actors\(watchlistSource), alerts to \(setup.config.alertsPath)")
        // Ready before counting today's alerts: with a million of them the count takes seconds,
        // and scheduling starts only after this line. The first pass's status has the count.
        notifier.send(["READY": "1", "STATUS": statusLine(countingAlerts: false)])
        probes.setReady(true)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.schedule() }
            group.addTask {
                for await signal in signalStream {
                    await self.handle(signal)
                    if await self.isStopping { break }
                }
            }
            if let watchdog {
                group.addTask { await self.ping(watchdog) }
            }
            if let watcher {
                group.addTask {
                    for await _ in watcher.changes {
                        await self.reload(reason: "config files changed")
                        if await self.isStopping { break }
                    }
                }
            }
            // The scheduler returns once stopping; then end the other loops.
            await group.next()
            group.cancelAll()
        }
        return exitCode
    }

    var isStopping: Bool { stopping }

    // MARK: Scheduling

    /// Starts what is due, then sleeps until the next feed is due or the next tick, whichever
    /// comes first. Nothing here reads the state: the schedule is in memory.
    private func schedule() async {
        while !stopping {
            probes.beat()
            let due = scheduler.takeDue()
            if !due.isEmpty { start(due) }
            let sleep = min(tick, scheduler.untilNextDue() ?? tick)
            try? await Task.sleep(for: max(sleep, .milliseconds(10)))
        }
        await drain()
    }

    /// Scheduler tick: short enough for the watchdog to see progress well within its interval.
    private var tick: Duration {
        guard let watchdog else { return .seconds(1) }
        return min(.seconds(1), watchdog.interval / 4)
    }

    private func start(_ feeds: [FeedSource]) {
        let id = nextBatch
        nextBatch += 1
        feeds.forEach { inFlight.insert($0.url) }
        metrics.started(feeds.count)
        metrics.feeds(inFlight: inFlight.count, failing: scheduler.failingCount, backoff: scheduler.backoffCount)
        let pipeline = self.pipeline
        batches[id] = Task {
            do {
                let summary = try await pipeline.run(feeds)
                self.finished(id, feeds, summary)
            } catch {
                self.fail("state file: \(error)")
                self.finished(id, feeds, nil)
            }
        }
    }

    private func finished(_ id: Int, _ feeds: [FeedSource], _ summary: PassSummary?) {
        batches[id] = nil
        feeds.forEach { inFlight.remove($0.url) }
        guard let summary else { return }
        alertsToday?.count += summary.alertsWritten
        do {
            try scheduler.finished(feeds)
        } catch {
            fail("state file: \(error)")
            return
        }
        metrics.feeds(inFlight: inFlight.count, failing: scheduler.failingCount, backoff: scheduler.backoffCount)
        lastPass = (Date(), summary)
        report(summary)
        notifier.send(["STATUS": statusLine()])
    }

    private func report(_ summary: PassSummary) {
        for failing in summary.nowFailing { logger.warning("feed failing: \(failing.url): \(failing.message)") }
        for url in summary.recovered { logger.notice("feed recovered: \(url)") }
        for redirect in summary.permanentRedirects {
            logger.notice("feed moved permanently: \(redirect.from) -> \(redirect.to) (update the config)")
        }
        for failure in summary.failures { logger.debug("fetch failed: \(failure.message)") }
        if let error = summary.alertLogError {
            logger.error("\(error); \(summary.alertsDeferred) alert(s) deferred to a later pass")
        }
        let line = "pass: \(summary.feeds) feeds (\(summary.fetched) ok, \(summary.notModified) not modified, "
            + "\(summary.failures.count) failed), \(summary.newItems) new items, \(summary.alertsWritten) alerts"
        if summary.alertsWritten > 0 || !summary.failures.isEmpty { logger.info("\(line)") } else { logger.debug("\(line)") }
    }

    // MARK: Signals

    private func handle(_ signal: DaemonSignal) async {
        switch signal {
        case .reload: await reload(reason: "SIGHUP")
        case .reopenLog: reopenLog()
        case .stop: beginStop()
        }
    }

    private func reopenLog() {
        do {
            try pipeline.log.reopen()
            logger.info("alert log reopened: \(setup.config.alertsPath)")
        } catch {
            logger.error("\(error.description)")
        }
    }

    /// Validates the edited files fully, builds the new matcher, then swaps; an invalid edit
    /// leaves the daemon running on what it had.
    private func reload(reason: String) async {
        guard !stopping else { return }
        notifier.send(["RELOADING": "1", "MONOTONIC_USEC": String(ServiceNotifier.monotonicMicroseconds())])
        defer { notifier.send(["READY": "1", "STATUS": statusLine()]) }
        let prepared: PreparedSetup
        do {
            prepared = try PreparedSetup.load(configFile: options.configFile, overrides: options.overrides,
                                              environment: options.environment)
        } catch {
            metrics.reloadRejected()
            for diagnostic in error.diagnostics { logger.error("reload rejected: \(diagnostic.description)") }
            logger.error("reload rejected (\(reason)): still running on the previous config and watchlist")
            return
        }
        for warning in prepared.loaded.warnings { logger.warning("\(warning.description)") }
        let new = prepared.setup
        if new.config.alertsPath != setup.config.alertsPath || new.config.statePath != setup.config.statePath {
            logger.warning("reload: a new alerts or state path takes effect only after a restart")
        }
        if new.config.metrics != setup.config.metrics {
            logger.warning("reload: a changed 'metrics:' takes effect only after a restart")
        }
        let rescheduled: FeedScheduler
        do {
            // Due times come from the state, so every kept feed keeps its own; new feeds are due now.
            rescheduled = try FeedScheduler(feeds: new.config.feeds, state: pipeline.state, inFlight: inFlight)
        } catch {
            metrics.reloadRejected()
            logger.error("reload rejected: state file: \(error)")
            return
        }
        var fetcher = pipeline.fetcher
        if new.config.fetch != setup.config.fetch {
            do {
                fetcher = try Fetcher(settings: new.config.fetch)
            } catch {
                metrics.reloadRejected()
                logger.error("reload rejected: \(error.description)")
                return
            }
            let old = pipeline.fetcher
            let grace = options.stopGrace
            Task { await old.shutdown(abortAfter: grace) }
        }
        var config = new.config
        config.alertsPath = setup.config.alertsPath
        config.statePath = setup.config.statePath
        config.metrics = setup.config.metrics
        config.cluster = setup.config.cluster  // a node's name and lease hold until a restart
        let compiled = prepared.compile()
        scheduler = rescheduled
        pipeline = pipeline.reconfigured(config: config, matcher: compiled.matcher, fingerprint: compiled.fingerprint,
                                         fetcher: fetcher)
        pipeline.recording.update(feeds: config.feeds, watchlistFingerprint: compiled.fingerprint)
        let kept = Set(config.feeds.map(\.url))
        pipeline.metrics.forget(feeds: setup.config.feeds.map(\.url).filter { !kept.contains($0) })
        setup = Setup(config: config, watchlist: new.watchlist)
        metrics.loaded(setup, cached: prepared.isCached, reload: true)
        metrics.feeds(inFlight: inFlight.count, failing: scheduler.failingCount, backoff: scheduler.backoffCount)
        HeapTrim.releaseFreedMemory()  // the build's scratch, and the old matcher once no pass holds it
        let watchlistSource = prepared.isCached ? ", compiled watchlist from the cache" : ""
        logger.info("reload ok (\(reason)): \(config.feeds.count) feeds, \(new.watchlist.actors.count) actors, \(new.watchlist.aliasCount) aliases\(watchlistSource)")
    }

    private func beginStop() {
        guard !stopping else { return }
        stopping = true
        probes.setReady(false)
        notifier.send(["STOPPING": "1", "STATUS": "stopping"])
        logger.info("stopping: finishing \(inFlight.count) running transfer(s)")
    }

    private func fail(_ message: String) {
        logger.critical("\(message); stopping (a restart reconciles the alert log with the state)")
        exitCode = 1
        beginStop()
    }

    /// Lets running transfers finish within the grace period, processes their results, then
    /// syncs the alert log.
    private func drain() async {
        await pipeline.fetcher.shutdown(abortAfter: options.stopGrace)
        for task in batches.values { await task.value }
        do {
            try pipeline.log.sync()
        } catch {
            logger.error("\(error.description)")
        }
        logger.info("stopped")
    }

    // MARK: Watchdog and status

    private func ping(_ watchdog: Watchdog) async {
        while !Task.isCancelled, !stopping {
            // Only a scheduler that ticked recently counts as alive: a wedged loop gets killed.
            // The same test answers /healthz (ServiceProbes), so the two never disagree.
            if probes.isAlive { notifier.send(["WATCHDOG": "1"]) }
            try? await Task.sleep(for: watchdog.interval / 2)
        }
    }

    private func statusLine(countingAlerts: Bool = true) -> String {
        let feeds = setup.config.feeds.count
        let failing = scheduler.failingCount
        let midnight = Calendar.current.startOfDay(for: Date())
        if countingAlerts, alertsToday?.midnight != midnight {
            let counted = (try? pipeline.state.alertsSince(Int64(midnight.timeIntervalSince1970 * 1000))) ?? 0
            alertsToday = (midnight, counted)
        }
        var line = "\(feeds) feeds, \(failing) failing"
        if let today = alertsToday, today.midnight == midnight { line += ", \(today.count) alerts today" }
        if let lastPass {
            let time = lastPass.at.formatted(date: .omitted, time: .standard)
            line += ", last pass \(time): \(lastPass.summary.fetched + lastPass.summary.notModified) ok, \(lastPass.summary.failures.count) failed"
        }
        return line
    }
}

/// Why the daemon could not start: one line per problem (`file:line:column: message` for config).
public struct DaemonError: Error, Sendable {
    public var lines: [String]
}

/// systemd's watchdog settings from the environment.
struct Watchdog {
    let interval: Duration

    init?(environment: [String: String]) {
        guard let value = environment["WATCHDOG_USEC"], let usec = UInt64(value), usec > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"], let number = Int32(pid), number != getpid() { return nil }
        interval = .microseconds(usec)
    }
}
