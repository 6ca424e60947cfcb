#if canImport(Glibc)
import Glibc
#endif

/// Reads complete lines from the end of an alert log.
///
/// A line without its newline is still being written (or was torn by a crash): it is never
/// returned, so no caller ever acts on half an alert.
public enum AlertLogReader {
    /// The complete lines among the last `maxBytes` of `path` (the first, possibly partial, line
    /// of that window is dropped unless the window starts at the beginning of the file). A missing
    /// file has no lines.
    public static func tailLines(path: String, maxBytes: Int) throws(AlertLogError) -> [ArraySlice<UInt8>] {
        try tail(path: path, maxBytes: maxBytes).lines
    }

    /// The same, with where the file ended when it ends with a complete line: what a checkpoint
    /// records (`LogRecovery` saves one after reading a tail, so the next start reads nothing).
    public static func tail(path: String, maxBytes: Int) throws(AlertLogError) -> (lines: [ArraySlice<UInt8>], end: LogEnd?) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return ([], nil) }
            throw AlertLogError(path: path, operation: "open", errno: errno, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw AlertLogError(path: path, operation: "stat", errno: errno, reason: String(cString: strerror(errno)))
        }
        let size = Int(info.st_size)
        let start = max(0, size - maxBytes)
        guard let bytes = read(fd, from: start, count: size - start) else {
            throw AlertLogError(path: path, operation: "read", errno: errno, reason: String(cString: strerror(errno)))
        }
        let end = bytes.count == size - start && bytes.last == UInt8(ascii: "\n")
            ? LogEnd(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(size)) : nil
        return (completeLines(bytes[...], startsAtLineBoundary: start == 0), end)
    }

    /// The complete lines after `end`, when `path` is still the file `end` describes and has only
    /// grown since: same device and inode, at least that size, and `lastLine` right before `end`
    /// (a file truncated and written again in place has other bytes there). Nil otherwise, or when
    /// more than `maxBytes` follow.
    public static func linesAfter(_ end: LogEnd, lastLine: [UInt8], path: String,
                                  maxBytes: Int) -> [ArraySlice<UInt8>]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, UInt64(info.st_dev) == end.device, UInt64(info.st_ino) == end.inode,
              Int64(info.st_size) >= end.size, Int64(lastLine.count) <= end.size,
              Int64(info.st_size) - end.size <= Int64(maxBytes) else { return nil }
        let start = Int(end.size) - lastLine.count
        guard let bytes = read(fd, from: start, count: Int(info.st_size) - start),
              bytes.starts(with: lastLine) else { return nil }
        return completeLines(bytes[lastLine.count...], startsAtLineBoundary: true)
    }

    /// Up to `count` bytes from `offset` (fewer if the file is shorter); nil on a read error.
    private static func read(_ fd: Int32, from offset: Int, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress.map { $0 + filled }, $0.count - filled, off_t(offset + filled)) }
            if got < 0, errno == EINTR { continue }
            if got < 0 { return nil }
            if got == 0 { break }
            filled += got
        }
        bytes.removeLast(count - filled)
        return bytes
    }

    /// Splits on newlines, dropping an unterminated last piece and, unless `startsAtLineBoundary`,
    /// the first piece (it may be the end of a line that began before the window).
    public static func completeLines(_ bytes: ArraySlice<UInt8>, startsAtLineBoundary: Bool) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = bytes.startIndex
        var first = true
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            if !first || startsAtLineBoundary, index > lineStart {
                lines.append(bytes[lineStart..<index])
            }
            first = false
            lineStart = index + 1
        }
        return lines
    }
}
