import FeedwatchConfig
import FeedwatchDaemon
import Foundation
import Metrics
import MetricsEndpoint

/// Turns metrics on for this process: the Prometheus registry becomes swift-metrics' backend.
/// Only the front end knows both sides; the pipeline and the daemon only record.
enum MetricsSetup {
    /// Bootstraps swift-metrics (once per process) with a fresh registry.
    static func bootstrap(processMetrics: Bool) -> MetricsService {
        let service = MetricsService(processMetrics: processMetrics)
        MetricsSystem.bootstrap(service.factory)
        return service
    }

    /// Writes the exposition to `path` by way of a temporary file and a rename, so a reader
    /// (node_exporter's textfile collector) never sees half a file.
    static func write(_ service: MetricsService, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try Data(service.exposition()).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            let error = POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

/// The daemon's probes as the endpoint asks for them.
struct DaemonProbe: ServiceProbe {
    let probes: ServiceProbes

    var isAlive: Bool { probes.isAlive }
    var isReady: Bool { probes.isReady }
    func collect() { probes.collect() }
}
