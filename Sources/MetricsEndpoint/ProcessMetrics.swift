import Prometheus
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The `process_*` metrics every Prometheus client library exports, under the same names, read
/// at scrape time from the kernel: memory from `/proc/self/statm`, CPU from `getrusage`, file
/// descriptors from `/proc/self/fd` and `RLIMIT_NOFILE`, the start time from `/proc/self/stat`.
///
/// Only `/proc/self` is read: the unit's `ProcSubset=pid` hides `/proc/stat` and
/// `/proc/uptime`, so the start time is placed with `CLOCK_BOOTTIME` instead of `btime`.
final class ProcessMetrics: Sendable {
    private let resident: Prometheus.Gauge
    private let virtual: Prometheus.Gauge
    private let cpu: Prometheus.Counter
    private let openFDs: Prometheus.Gauge
    private let maxFDs: Prometheus.Gauge
    private let startTime: Prometheus.Gauge
    /// CPU seconds already added to the counter (a counter only moves up, by the difference).
    private let cpuCounted = Mutex(0.0)

    init(registry: PrometheusCollectorRegistry) {
        func gauge(_ name: String) -> Prometheus.Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "",
                                                                helpText: MetricCatalogue.help[name] ?? ""))
        }
        resident = gauge("process_resident_memory_bytes")
        virtual = gauge("process_virtual_memory_bytes")
        openFDs = gauge("process_open_fds")
        maxFDs = gauge("process_max_fds")
        startTime = gauge("process_start_time_seconds")
        cpu = registry.makeCounter(descriptor: MetricNameDescriptor(
            metricName: "process_cpu_seconds_total", unitName: "",
            helpText: MetricCatalogue.help["process_cpu_seconds_total"] ?? ""))
        if let start = Self.startTimeSeconds() { startTime.set(start) }
    }

    /// Reads the current values into the registry; a value the kernel does not give is left as it was.
    func update() {
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let statm = Self.read("/proc/self/statm") {
            let fields = statm.split(separator: " ").compactMap { Double($0) }
            if fields.count >= 2 {
                virtual.set(fields[0] * page)
                resident.set(fields[1] * page)
            }
        }
        var usage = rusage()
        if getrusage(RUSAGE_SELF.rawValue, &usage) == 0 {
            let seconds = Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime)
            cpuCounted.withLock { counted in
                if seconds > counted {
                    cpu.increment(by: seconds - counted)
                    counted = seconds
                }
            }
        }
        if let count = Self.countEntries("/proc/self/fd") { openFDs.set(Double(count)) }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { maxFDs.set(Double(limit.rlim_cur)) }
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1e6
    }

    /// Wall-clock start: now, less the time since boot, plus the start's offset after boot.
    static func startTimeSeconds() -> Double? {
        guard let stat = read("/proc/self/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)": state is field 3, starttime field 22 → index 19 here.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        var boot = timespec(), wall = timespec()
        guard hertz > 0, clock_gettime(CLOCK_BOOTTIME, &boot) == 0, clock_gettime(CLOCK_REALTIME, &wall) == 0 else {
            return nil
        }
        let sinceBoot = Double(boot.tv_sec) + Double(boot.tv_nsec) / 1e9
        let now = Double(wall.tv_sec) + Double(wall.tv_nsec) / 1e9
        return now - sinceBoot + ticks / hertz
    }

    /// A small /proc file as text (these are a line or two; `read` stops at 4 KiB).
    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Entries of a folder, without `.` and `..` (the one opendir holds is counted too, as
    /// other clients do).
    static func countEntries(_ path: String) -> Int? {
        guard let folder = opendir(path) else { return nil }
        defer { closedir(folder) }
        var count = 0
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [UInt8(ascii: ".")], name != [UInt8(ascii: "."), UInt8(ascii: ".")] { count += 1 }
        }
        return count
    }
}
