#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Appends alert lines to the JSONL log so that readers never see a torn or interleaved line.
///
/// - The file is opened with `O_APPEND`, so every `write(2)` lands at the current end, also after
///   logrotate's `copytruncate` (without it the writer would keep its old offset and leave a run of
///   NUL bytes).
/// - Each line is one `write(2)`; a short write (disk full) is rolled back with `ftruncate` so no
///   half line stays in the file, and the error is thrown: the caller leaves those alerts
///   unrecorded so that they are written again on a later pass.
/// - Rotation by rename (logrotate's `create`) is noticed before each batch: when the path no
///   longer names the open file, the log is reopened. `reopen()` does it at once (SIGUSR1).
public final class AlertLogWriter: Sendable {
    public let path: String
    public let fsync: FsyncPolicy
    private let state: Mutex<Int32>

    /// Opens (creating with mode 0640) the log at `path`.
    public init(path: String, fsync: FsyncPolicy = .batch) throws(AlertLogError) {
        self.path = path
        self.fsync = fsync
        // Past RLIMIT_FSIZE, write(2) would raise SIGXFSZ and kill the daemon; an EFBIG error is
        // what we want instead (it is handled like a full disk).
        signal(SIGXFSZ, SIG_IGN)
        state = Mutex(try Self.openFile(path))
    }

    deinit {
        state.withLock { fd in
            if fd >= 0 { close(fd) }
        }
    }

    /// Appends `lines` (each already ending in a newline) and syncs per the policy. Lines before a
    /// failing one stay written; the error says which was the first that did not make it. Returns
    /// where the log ends after a complete append (nil for no lines or when the file cannot be
    /// examined), for the state's checkpoint.
    @discardableResult
    public func append(_ lines: [[UInt8]]) throws(AlertLogPartialWrite) -> LogEnd? {
        try state.withLock { (fd: inout Int32) throws(AlertLogPartialWrite) -> LogEnd? in
            do throws(AlertLogError) {
                try reopenIfRotated(&fd)
            } catch {
                throw AlertLogPartialWrite(written: 0, error: error)
            }
            for (index, line) in lines.enumerated() {
                do throws(AlertLogError) {
                    try Self.writeLine(line, to: fd, path: path)
                    if fsync == .always { try Self.sync(fd, path: path) }
                } catch {
                    throw AlertLogPartialWrite(written: index, error: error)
                }
            }
            if fsync == .batch, !lines.isEmpty {
                do throws(AlertLogError) {
                    try Self.sync(fd, path: path)
                } catch {
                    // Everything was written; only durability against power loss is in doubt.
                    throw AlertLogPartialWrite(written: lines.count, error: error)
                }
            }
            var info = stat()
            guard !lines.isEmpty, fstat(fd, &info) == 0 else { return nil }
            return LogEnd(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size))
        }
    }

    /// Closes and reopens the path: after logrotate renamed the file (SIGUSR1), or to retry after
    /// the folder was recreated.
    public func reopen() throws(AlertLogError) {
        try state.withLock { (fd: inout Int32) throws(AlertLogError) in
            let fresh = try Self.openFile(path)
            if fd >= 0 { close(fd) }
            fd = fresh
        }
    }

    /// Forces written lines to disk (used at shutdown).
    public func sync() throws(AlertLogError) {
        try state.withLock { (fd: inout Int32) throws(AlertLogError) in try Self.sync(fd, path: path) }
    }

    private func reopenIfRotated(_ fd: inout Int32) throws(AlertLogError) {
        var open = stat(), named = stat()
        let stillThere = fd >= 0 && fstat(fd, &open) == 0 && stat(path, &named) == 0
            && open.st_ino == named.st_ino && open.st_dev == named.st_dev
        if stillThere { return }
        let fresh = try Self.openFile(path)
        if fd >= 0 { close(fd) }
        fd = fresh
    }

    private static func openFile(_ path: String) throws(AlertLogError) -> Int32 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw error(path, "open", errno) }
        return fd
    }

    private static func writeLine(_ line: [UInt8], to fd: Int32, path: String) throws(AlertLogError) {
        var before = stat()
        let sizeBefore = fstat(fd, &before) == 0 ? before.st_size : -1
        var offset = 0
        while offset < line.count {
            let count = line.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                if offset > 0, sizeBefore >= 0 { _ = ftruncate(fd, sizeBefore) }  // no half line left behind
                throw error(path, "write", code)
            }
            offset += count
        }
    }

    private static func sync(_ fd: Int32, path: String) throws(AlertLogError) {
        while fdatasync(fd) != 0 {
            if errno == EINTR { continue }
            throw error(path, "sync", errno)
        }
    }

    private static func error(_ path: String, _ operation: String, _ code: Int32) -> AlertLogError {
        AlertLogError(path: path, operation: operation, errno: code, reason: String(cString: strerror(code)))
    }
}

/// Thrown by `AlertLogWriter.append`: the first `written` lines are in the log, the rest are not.
public struct AlertLogPartialWrite: Error, Sendable, CustomStringConvertible {
    public var written: Int
    public var error: AlertLogError

    public var description: String { error.description }
}
