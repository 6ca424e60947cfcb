/// Aborts a transfer whose average speed stays below `bytesPerSecond` for `window`: a server
/// that trickles bytes would otherwise hold a slot until the total timeout.
public struct LowSpeedLimit: Sendable, Hashable {
    public var bytesPerSecond: Int
    /// Whole seconds (libcurl's granularity); at least one.
    public var window: Duration

    public init(bytesPerSecond: Int = 64, window: Duration = .seconds(20)) {
        self.bytesPerSecond = bytesPerSecond
        self.window = window
    }
}
