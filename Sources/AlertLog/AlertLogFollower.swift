#if canImport(Glibc)
import Glibc
#endif

/// Follows an alert log like `tail -F`: returns complete new lines as they are appended, keeps
/// reading the old file to its end when logrotate renames it, then continues with the new file,
/// and starts over when the file is truncated (`copytruncate`).
public final class AlertLogFollower {
    public let path: String
    private var fd: Int32 = -1
    private var inode: ino_t = 0
    private var device: dev_t = 0
    private var offset: off_t = 0
    private var pending: [UInt8] = []

    /// Starts at the current end of the file (`fromStart: false`) or at its beginning.
    public init(path: String, fromStart: Bool) {
        self.path = path
        if openCurrent(), !fromStart {
            var info = stat()
            if fstat(fd, &info) == 0 { offset = info.st_size }
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Complete lines appended since the last call (possibly none). Never blocks.
    public func poll() -> [[UInt8]] {
        if fd < 0 { _ = openCurrent() }
        guard fd >= 0 else { return [] }
        var lines = drain()
        var named = stat()
        let renamed = stat(path, &named) != 0 || named.st_ino != inode || named.st_dev != device
        if renamed {
            // The old file is complete once renamed away and drained; switch when the new one exists.
            if stat(path, &named) == 0 {
                close(fd)
                fd = -1
                pending.removeAll()
                if openCurrent() { lines += drain() }
            }
        } else {
            var info = stat()
            if fstat(fd, &info) == 0, info.st_size < offset {
                offset = 0  // truncated in place
                pending.removeAll()
                lines += drain()
            }
        }
        return lines
    }

    private func openCurrent() -> Bool {
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { return false }
        var info = stat()
        guard fstat(opened, &info) == 0 else {
            close(opened)
            return false
        }
        fd = opened
        inode = info.st_ino
        device = info.st_dev
        offset = 0
        return true
    }

    private func drain() -> [[UInt8]] {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var lines: [[UInt8]] = []
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            offset += off_t(count)
            for byte in chunk[0..<count] {
                if byte == UInt8(ascii: "\n") {
                    if !pending.isEmpty { lines.append(pending) }
                    pending.removeAll(keepingCapacity: true)
                } else {
                    pending.append(byte)
                }
            }
        }
        return lines
    }
}
