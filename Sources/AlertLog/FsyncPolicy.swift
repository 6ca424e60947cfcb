/// When appended alert lines are forced to disk. A process crash never loses a line that
/// `write(2)` accepted; only an OS crash or power loss needs the sync.
public enum FsyncPolicy: String, Sendable, CaseIterable {
    /// `fdatasync` once after each batch of lines (default).
    case batch
    /// `fdatasync` after every line.
    case always
    /// Leave it to the kernel.
    case never
}
