/// Which file an append went to and how long it was afterwards: recorded in the state with the
/// alerts, it lets the next start read only what was written after (`AlertLogReader.linesAfter`).
public struct LogEnd: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64

    public init(device: UInt64, inode: UInt64, size: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
    }
}
