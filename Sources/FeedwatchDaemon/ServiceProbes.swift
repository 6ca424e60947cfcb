import Metrics
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's liveness and readiness, readable from any thread without the daemon actor: an
/// HTTP health check must answer exactly when that actor is stuck.
///
/// Liveness is the watchdog's rule, in one place: the scheduler loop beat within the limit
/// (systemd's `WatchdogSec=`, else `defaultLimit`). The watchdog ping and `/healthz` both ask
/// `isAlive`, so they can never disagree.
public final class ServiceProbes: Sendable {
    /// Without a systemd watchdog: the unit's `WatchdogSec=` default, 60 s, so `/healthz` says
    /// the same by hand as under systemd.
    public static let defaultLimit: Duration = .seconds(60)

    /// Monotonic nanoseconds of the last scheduler beat; 0 before the first.
    private let lastBeat = Atomic<Int64>(0)
    private let limitNanoseconds = Atomic<Int64>(Int64(defaultLimit.components.seconds) * 1_000_000_000)
    private let ready = Atomic<Bool>(false)
    private let files = Mutex<(alerts: String, state: String)?>(nil)
    private let ticking = Gauge(label: "feedwatch_scheduler_ticking")
    private let alertLogBytes = Gauge(label: "feedwatch_alert_log_bytes")
    private let stateFileBytes = Gauge(label: "feedwatch_state_file_bytes")

    /// Make it after bootstrapping a metrics backend, or its gauges go nowhere.
    public init() {}

    /// The scheduler loop made progress.
    func beat() { lastBeat.store(Self.monotonicNanoseconds(), ordering: .releasing) }

    func setLimit(_ limit: Duration) {
        let (seconds, attoseconds) = limit.components
        limitNanoseconds.store(seconds * 1_000_000_000 + attoseconds / 1_000_000_000, ordering: .releasing)
    }

    func setReady(_ value: Bool) { ready.store(value, ordering: .releasing) }

    /// The files whose sizes are exported (fixed for the life of the process).
    func watch(alertLog: String, stateFile: String) { files.withLock { $0 = (alertLog, stateFile) } }

    /// `/healthz` and the watchdog ping: the loop beat within the limit.
    public var isAlive: Bool {
        let beat = lastBeat.load(ordering: .acquiring)
        return beat > 0 && Self.monotonicNanoseconds() - beat < limitNanoseconds.load(ordering: .acquiring)
    }

    /// `/readyz`: started (watchlist built, state open) and not stopping.
    public var isReady: Bool { ready.load(ordering: .acquiring) }

    /// Sets the gauges read at scrape time: whether the loop ticks, and the files' sizes.
    public func collect() {
        ticking.record(isAlive ? 1 : 0)
        guard let files = files.withLock({ $0 }) else { return }
        if let size = Self.size(files.alerts) { alertLogBytes.record(size) }
        if let size = Self.size(files.state) { stateFileBytes.record(size + (Self.size(files.state + "-wal") ?? 0)) }
    }

    private static func size(_ path: String) -> Int64? {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : nil
    }

    private static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
