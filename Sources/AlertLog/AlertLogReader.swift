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
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return [] }
            throw AlertLogError(path: path, operation: "open", errno: errno, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw AlertLogError(path: path, operation: "stat", errno: errno, reason: String(cString: strerror(errno)))
        }
        let size = Int(info.st_size)
        let start = max(0, size - maxBytes)
        var bytes = [UInt8](repeating: 0, count: size - start)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress.map { $0 + filled }, $0.count - filled, off_t(start + filled)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        bytes.removeLast(bytes.count - filled)
        return completeLines(bytes[...], startsAtLineBoundary: start == 0)
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
