import CoreMetrics
import FeedwatchConfig
import Prometheus

/// What the endpoint asks the daemon at each request, without knowing the daemon.
public protocol ServiceProbe: Sendable {
    /// `/healthz`: whether the scheduler loop makes progress (what the watchdog sees).
    var isAlive: Bool { get }
    /// `/readyz`: whether the watchlist is built and the state is open (and not stopping).
    var isReady: Bool { get }
    /// Called before `/metrics` is rendered, on the endpoint's thread: sets the gauges that are
    /// read at scrape time (file sizes, whether the scheduler ticks).
    func collect()
}

/// feedwatch's metrics: the registry every swift-metrics handle writes into, its exposition,
/// and the HTTP endpoint that serves it with the health checks.
public final class MetricsService: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// Give this to `MetricsSystem.bootstrap` (once per process).
    public var factory: CataloguedMetricsFactory { CataloguedMetricsFactory(registry: registry) }
    private let process: ProcessMetrics?

    /// `processMetrics: false` leaves out `process_*`: for `feedwatch once --metrics-file`, whose
    /// process has ended by the time anyone reads the file.
    public init(processMetrics: Bool = true) {
        process = processMetrics ? ProcessMetrics(registry: registry) : nil
    }

    /// The text exposition format (version 0.0.4), `process_*` refreshed first.
    public func exposition() -> [UInt8] {
        process?.update()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }

    /// Starts serving `/metrics`, `/healthz` and `/readyz` on `listen`.
    public func serve(on listen: ListenAddress, probe: any ServiceProbe,
                      limits: EndpointLimits = EndpointLimits()) throws(EndpointError) -> HTTPEndpoint {
        try HTTPEndpoint(listen: listen, limits: limits) { [self] request in
            self.route(request, probe: probe)
        }
    }

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The answer to one request: methods first (405), then paths (404).
    func route(_ request: RequestHead, probe: any ServiceProbe) -> EndpointResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return .plain(405, allow: "GET, HEAD") }
        switch request.path {
        case "/metrics":
            probe.collect()
            return EndpointResponse(status: 200, contentType: Self.contentType, body: exposition())
        case "/healthz":
            return .plain(probe.isAlive ? 200 : 503)
        case "/readyz":
            return .plain(probe.isReady ? 200 : 503)
        default:
            return .plain(404)
        }
    }
}
