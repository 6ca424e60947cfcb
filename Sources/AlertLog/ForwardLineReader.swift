import CGlibcShim
import CZlib
#if canImport(Glibc)
import Glibc
#endif

/// Reads the complete lines of a log file from its start, plain or gzip-compressed (logrotate's
/// `compress`; told apart by the gzip magic bytes, not by the name). A gzip stream can only be
/// read forwards, so this is how `feedwatch tail` reads rotated `.gz` generations, and how it
/// finds the first alert of every file to put the files in order.
///
/// Memory is one block of decompressed text plus one line. As in `BackwardLineReader`, the
/// unterminated end of a file (or of a gzip stream cut short) is not a line, and a piece longer
/// than `BackwardLineReader.longestLine` is skipped.
public struct ForwardLineReader {
    public let path: String
    public let blockSize: Int
    /// Bytes read from the file so far (compressed bytes for a gzip file).
    public private(set) var bytesRead = 0

    public init(path: String, blockSize: Int = BackwardLineReader.defaultBlockSize) {
        self.path = path
        self.blockSize = max(1, blockSize)
    }

    /// True when the file starts with the gzip magic bytes; false for a plain or missing file.
    public static func isGzip(path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var magic: (UInt8, UInt8) = (0, 0)
        let got = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        return got == 2 && magic == (0x1F, 0x8B)
    }

    /// Calls `body` with each complete line (without its newline), oldest first, until it returns
    /// false or the file ends. The buffer is only valid during the call. A missing file has no lines.
    public mutating func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) throws(AlertLogError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return }
            throw AlertLogError.system(path, "open")
        }
        defer { close(fd) }
        let source = try ByteSource(fd: fd, path: path, gzip: Self.isGzip(path: path))
        let capacity = blockSize + BackwardLineReader.longestLine
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { return }

        var carry = 0  // the start of a line whose newline is not read yet, kept at the buffer's start
        var discarding = false
        while true {
            let count = try source.read(into: base + carry, count: blockSize)
            bytesRead = source.bytesRead
            if count == 0 { return }  // what is left in `carry` has no newline: a torn line
            let total = carry + count
            var start = 0
            while let found = memchr(base + start, Int32(UInt8(ascii: "\n")), total - start) {
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if !discarding, newline > start {
                    if !body(UnsafeBufferPointer(start: base + start, count: newline - start)) { return }
                }
                discarding = false
                start = newline + 1
            }
            carry = total - start
            if carry > BackwardLineReader.longestLine {
                discarding = true
                carry = 0
            } else if start > 0 {
                memmove(base, base + start, carry)
            }
        }
    }
}

/// The bytes of a file in order, decompressed when it is gzip (several members, as `cat a.gz b.gz`
/// makes, are read one after the other; bytes after the last member that are not another member
/// are ignored, as gzip does).
private final class ByteSource {
    let fd: Int32
    let path: String
    let gzip: Bool
    private(set) var bytesRead = 0
    private var offset = 0
    /// On the heap: zlib keeps a pointer back to its stream and refuses one that has moved.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var finished = false
    /// A member ended and the next has produced nothing yet.
    private var betweenMembers = false

    init(fd: Int32, path: String, gzip: Bool) throws(AlertLogError) {
        self.fd = fd
        self.path = path
        self.gzip = gzip
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: gzip ? 1 << 16 : 1)
        if gzip, feedwatch_inflate_init_gzip(stream) != Z_OK {
            stream.deallocate()
            input.deallocate()
            throw AlertLogError(path: path, operation: "decompress", errno: 0, reason: "zlib could not start")
        }
    }

    deinit {
        if gzip { inflateEnd(stream) }
        stream.deallocate()
        input.deallocate()
    }

    /// Up to `count` bytes into `target`; 0 at the end.
    func read(into target: UnsafeMutablePointer<UInt8>, count: Int) throws(AlertLogError) -> Int {
        guard gzip else { return try readFile(into: target, count: count) }
        stream.pointee.next_out = target
        stream.pointee.avail_out = uInt(count)
        while !finished, stream.pointee.avail_out == uInt(count) {
            if stream.pointee.avail_in == 0 {
                guard let inputBase = input.baseAddress else { return 0 }
                let got = try readFile(into: inputBase, count: input.count)
                if got == 0 {
                    // A stream cut short (still being compressed, or damaged) ends here too; its
                    // last piece is dropped as a torn line by the caller.
                    finished = true
                    break
                }
                stream.pointee.next_in = inputBase
                stream.pointee.avail_in = uInt(got)
            }
            let status = inflate(stream, Z_NO_FLUSH)
            if stream.pointee.avail_out != uInt(count) { betweenMembers = false }
            if status == Z_STREAM_END {
                inflateReset(stream)  // another member may follow
                betweenMembers = true
            } else if status == Z_DATA_ERROR, betweenMembers {
                finished = true  // trailing bytes that are not another member
            } else if status != Z_OK, status != Z_BUF_ERROR {
                throw AlertLogError(path: path, operation: "decompress", errno: 0, reason: "damaged gzip data")
            }
        }
        return count - Int(stream.pointee.avail_out)
    }

    private func readFile(into target: UnsafeMutablePointer<UInt8>, count: Int) throws(AlertLogError) -> Int {
        while true {
            let got = pread(fd, target, count, off_t(offset))
            if got < 0, errno == EINTR { continue }
            if got < 0 { throw AlertLogError.system(path, "read") }
            offset += got
            bytesRead += got
            return got
        }
    }
}
