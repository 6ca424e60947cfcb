import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The signals the daemon acts on, delivered as an async sequence instead of through handlers
/// that could only set flags.
public enum DaemonSignal: Sendable, Equatable {
    /// SIGHUP (`systemctl reload`): re-read config and watchlist.
    case reload
    /// SIGUSR1 (logrotate's postrotate): reopen the alert log.
    case reopenLog
    /// SIGTERM or SIGINT: stop gracefully.
    case stop
}

/// Turns process signals into `DaemonSignal` values. The default dispositions are replaced by
/// SIG_IGN so the signals reach only the dispatch sources; keep the value alive while listening.
public final class SignalEvents {
    public let stream: AsyncStream<DaemonSignal>
    private let sources: [any DispatchSourceSignal]

    public init() {
        let (stream, continuation) = AsyncStream.makeStream(of: DaemonSignal.self)
        self.stream = stream
        let queue = DispatchQueue(label: "feedwatch.signals")
        let table: [(Int32, DaemonSignal)] = [(SIGHUP, .reload), (SIGUSR1, .reopenLog), (SIGTERM, .stop), (SIGINT, .stop)]
        sources = table.map { number, event in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(event) }
            source.resume()
            return source
        }
    }

    deinit { sources.forEach { $0.cancel() } }
}
