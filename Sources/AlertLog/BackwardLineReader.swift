import CGlibcShim
#if canImport(Glibc)
import Glibc
#endif

/// Reads the complete lines of a plain file from its end towards its start, newest first, in
/// fixed-size blocks: "the last 5 alerts about X" then costs the few blocks that hold them, not the
/// whole log, and memory is one block plus one line whatever the file's size.
///
/// As everywhere in the alert log, a piece without its newline (the last line while it is being
/// written, or torn by a crash) is never returned. A piece longer than `longestLine` is not an
/// alert line (they stay under 64 KiB); it is skipped so that a damaged file cannot make the
/// buffer grow.
public struct BackwardLineReader {
    public static let defaultBlockSize = 1 << 18
    public static let longestLine = 1 << 20

    public let path: String
    public let blockSize: Int
    /// Bytes read from the file so far: tests use it to show that a query stopped early.
    public private(set) var bytesRead = 0

    public init(path: String, blockSize: Int = BackwardLineReader.defaultBlockSize) {
        self.path = path
        self.blockSize = max(1, blockSize)
    }

    /// Calls `body` with each complete line (without its newline), newest first, until it returns
    /// false or the start of the file is reached. The buffer is only valid during the call. A
    /// missing file has no lines.
    public mutating func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) throws(AlertLogError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return }
            throw AlertLogError.system(path, "open")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw AlertLogError.system(path, "stat") }
        // Lines appended after this point are left for `-f`; reading stops at the size seen now.
        var unread = Int(info.st_size)
        let capacity = blockSize + Self.longestLine
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { return }

        // The bytes after the file's last newline are a torn line: the first segment is dropped.
        var discarding = true
        var carry = 0  // bytes of a line whose start is not read yet, kept at the buffer's end
        while unread > 0 {
            let count = min(blockSize, unread)
            let low = capacity - carry - count
            try readFully(fd, into: base + low, count: count, at: unread - count)
            unread -= count
            bytesRead += count
            var end = capacity  // the current segment is [newline + 1, end)
            while let found = memrchr(base + low, Int32(UInt8(ascii: "\n")), end - low) {
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if !discarding, end > newline + 1 {
                    if !body(UnsafeBufferPointer(start: base + newline + 1, count: end - newline - 1)) { return }
                }
                discarding = false
                end = newline
            }
            // [low, end) is the end of a line that starts in an earlier block (or the file's first line).
            carry = end - low
            if unread == 0 {
                if !discarding, carry > 0 { _ = body(UnsafeBufferPointer(start: base + low, count: carry)) }
                return
            }
            if carry > Self.longestLine {
                discarding = true
                carry = 0
            } else {
                memmove(base + capacity - carry, base + low, carry)  // the regions may overlap
            }
        }
    }

    private func readFully(_ fd: Int32, into target: UnsafeMutablePointer<UInt8>, count: Int,
                           at offset: Int) throws(AlertLogError) {
        var filled = 0
        while filled < count {
            let got = pread(fd, target + filled, count - filled, off_t(offset + filled))
            if got < 0, errno == EINTR { continue }
            if got < 0 { throw AlertLogError.system(path, "read") }
            if got == 0 {
                throw AlertLogError(path: path, operation: "read", errno: 0, reason: "the file was truncated while being read")
            }
            filled += got
        }
    }
}
