import ActorMatch
import Glibc

/// The POSIX file work of `CompiledWatchlistCache`: a file of checksummed parts followed by a
/// footer (each part's length, the number of parts, a magic number), written by streaming into
/// a temporary file renamed over the old one, read part by part with `pread` from any thread.
enum CacheFile {
    private static let magic: UInt64 = 0x3143_5746_4857_4346  // "FCWHFWC1" little-endian

    /// An open cache file; valid inside `read`'s closure.
    struct Reader: Sendable {
        let descriptor: Int32
        let size: Int

        /// The byte ranges of the parts, from the footer; nil when there is no valid footer.
        func parts() -> [Range<Int>]? {
            guard size >= 16, let tail = words(at: size - 16, count: 2), tail[1] == CacheFile.magic,
                  tail[0] > 0, tail[0] < 1024, size >= 16 + 8 * Int(tail[0]),
                  let lengths = words(at: size - 16 - 8 * Int(tail[0]), count: Int(tail[0])) else { return nil }
            var ranges: [Range<Int>] = []
            var start = 0
            for length in lengths {
                guard length <= UInt64(size) else { return nil }
                ranges.append(start..<(start + Int(length)))
                start += Int(length)
            }
            return start == size - 16 - 8 * lengths.count ? ranges : nil
        }

        /// The file's bytes from `offset` on, as an archive reader wants them.
        func source(at offset: Int) -> ArchiveReader.Source {
            var position = offset
            return { target in
                while true {
                    let got = pread(descriptor, target.baseAddress, target.count, off_t(position))
                    if got < 0, errno == EINTR { continue }
                    if got > 0 { position += got }
                    return got
                }
            }
        }

        private func words(at offset: Int, count: Int) -> [UInt64]? {
            var words = [UInt64](repeating: 0, count: count)
            let wanted = 8 * count
            let got = words.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(offset)) }
            return got == wanted ? words.map { UInt64(littleEndian: $0) } : nil
        }
    }

    /// Runs `body` on the open file; nil when it is missing or unreadable (a miss, not an error).
    static func read<Result>(_ path: String, _ body: (Reader) -> Result?) -> Result? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size > 0 else { return nil }
        return body(Reader(descriptor: descriptor, size: Int(info.st_size)))
    }

    /// Collects the parts' bytes for `replace`, counting each part's length for the footer.
    final class Writer {
        fileprivate let write: (UnsafeRawBufferPointer) -> Bool
        fileprivate var lengths: [UInt64] = []

        fileprivate init(write: @escaping (UnsafeRawBufferPointer) -> Bool) {
            self.write = write
        }

        /// One checksummed archive.
        func part(_ body: (inout ArchiveWriter) -> Void) {
            var length: UInt64 = 0
            var writer = ArchiveWriter { [write] bytes in
                length += UInt64(bytes.count)
                return write(bytes)
            }
            body(&writer)
            writer.finish()
            lengths.append(length)
        }
    }

    /// Streams the parts `body` writes into a temporary file beside `path`, adds the footer, then
    /// renames it over `path`; returns what went wrong. The caller holds the state's lock, so one
    /// temporary name will do, and one left by a killed process is simply overwritten.
    static func replace(_ path: String, _ body: (Writer) -> Void) -> String? {
        let temporary = "\(path).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        let failure = FirstFailure()
        let writer = Writer { bytes in
            guard failure.reason == nil else { return false }
            var written = 0
            while written < bytes.count {
                let put = write(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
                if put < 0, errno == EINTR { continue }
                guard put > 0 else {
                    failure.note(put < 0 ? String(cString: strerror(errno)) : "nothing written")
                    return false
                }
                written += put
            }
            return true
        }
        body(writer)
        let footer = (writer.lengths + [UInt64(writer.lengths.count), magic]).map(\.littleEndian)
        _ = footer.withUnsafeBytes { writer.write($0) }
        if close(descriptor) != 0 { failure.note(String(cString: strerror(errno))) }
        if failure.reason == nil, rename(temporary, path) != 0 { failure.note(String(cString: strerror(errno))) }
        if failure.reason != nil { unlink(temporary) }
        return failure.reason
    }

    private final class FirstFailure {
        private(set) var reason: String?
        func note(_ text: String) { reason = reason ?? text }
    }

    /// Device, inode, size and modification time of a file (the running binary): a rebuilt or
    /// upgraded feedwatch differs in at least one.
    static func identity(of path: String) -> [UInt8]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let parts = [UInt64(info.st_dev), UInt64(info.st_ino), UInt64(info.st_size),
                     UInt64(bitPattern: Int64(info.st_mtim.tv_sec)), UInt64(bitPattern: Int64(info.st_mtim.tv_nsec))]
        return parts.flatMap { part in (0..<8).map { UInt8(truncatingIfNeeded: part >> (8 * $0)) } }
    }
}
