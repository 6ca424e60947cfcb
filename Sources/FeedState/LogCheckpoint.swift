/// Where the alert log ended when the state last recorded everything written to it. Lines are
/// written before they are recorded, so at start only lines after this point can be unrecorded
/// (`LogRecovery` reads just those instead of the log's last 32 MiB).
public struct LogCheckpoint: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    /// The log's size in bytes right after the recorded lines were written.
    public var size: Int64
    /// The last line written (newline included): the same bytes at the same place tell a file
    /// that only grew from one truncated and rewritten in place (logrotate's copytruncate).
    public var lastLine: String

    public init(device: UInt64, inode: UInt64, size: Int64, lastLine: String) {
        self.device = device
        self.inode = inode
        self.size = size
        self.lastLine = lastLine
    }
}
