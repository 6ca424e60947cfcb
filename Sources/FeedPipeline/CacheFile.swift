import ActorMatch
import Glibc

/// The POSIX file work of `CompiledWatchlistCache`. The file is a series of checksummed parts,
/// each starting at a multiple of `ArchiveWriter.alignment`, then a footer: each part's length,
/// the number of parts, a magic number. It is written by streaming into a temporary file that is
/// renamed over the old one, and read by mapping it, so the index's arrays are used in place.
enum CacheFile {
    /// Bumped whenever what a part holds changes (2: `inflect` on phrases, readings in the index).
    private static let magic: UInt64 = 0x3243_5746_4857_4346  // "FCWHFWC2" little-endian

    /// A cache file mapped read-only, unmapped when the last array borrowing from it is gone. It is
    /// only ever replaced by rename, so the mapped file never changes under the reader.
    final class Mapping: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer

        init?(path: String) {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0, info.st_size > 0, info.st_size < Int64(Int32.max) else { return nil }
            let size = Int(info.st_size)
            // Populated at once: every page is read for the checksums anyway.
            guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0),
                  base != MAP_FAILED else { return nil }
            bytes = UnsafeRawBufferPointer(start: base, count: size)
        }

        deinit {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
        }

        /// The byte ranges of the parts, from the footer; nil when there is no valid footer.
        func parts() -> [Range<Int>]? {
            let size = bytes.count
            guard size >= 16, word(at: size - 8) == CacheFile.magic else { return nil }
            let count = word(at: size - 16)
            guard count > 0, count < 1024, UInt64(size) >= 16 + 8 * count else { return nil }
            let footer = size - 16 - 8 * Int(count)
            var ranges: [Range<Int>] = []
            var start = 0
            for index in 0..<Int(count) {
                let length = word(at: footer + 8 * index)
                guard length <= UInt64(footer - start) else { return nil }
                ranges.append(start..<(start + Int(length)))
                start = CacheFile.aligned(start + Int(length))
            }
            return start == footer ? ranges : nil
        }

        /// Lets the kernel drop the pages of `range` from this process (parts already decoded
        /// into other memory); they are read from the file again if ever touched.
        func release(_ range: Range<Int>) {
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let start = (range.lowerBound + page - 1) / page * page, end = range.upperBound / page * page
            guard start < end, let base = bytes.baseAddress else { return }
            madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
        }

        private func word(at offset: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
    }

    static func aligned(_ offset: Int) -> Int {
        (offset + ArchiveWriter.alignment - 1) / ArchiveWriter.alignment * ArchiveWriter.alignment
    }

    /// Collects the parts' bytes for `replace`, counting each part's length for the footer.
    final class Writer {
        fileprivate let write: ArchiveWriter.Sink
        fileprivate var lengths: [UInt64] = []
        private var offset = 0

        fileprivate init(write: @escaping ArchiveWriter.Sink) {
            self.write = write
        }

        /// One checksummed archive, padded so that the next one starts aligned.
        func part(_ body: (inout ArchiveWriter) -> Void) {
            var length = 0
            var writer = ArchiveWriter { [write] bytes in
                length += bytes.count
                write(bytes)
            }
            body(&writer)
            writer.finish()
            lengths.append(UInt64(length))
            let padding = [UInt8](repeating: 0, count: CacheFile.aligned(offset + length) - offset - length)
            offset = CacheFile.aligned(offset + length)
            padding.withUnsafeBytes { write($0) }
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
        // After the first failure nothing more is written; the temporary file is then removed.
        let writer = Writer { bytes in
            var written = 0
            while failure.reason == nil, written < bytes.count {
                let put = write(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
                if put < 0, errno == EINTR { continue }
                if put > 0 { written += put } else { failure.note(put < 0 ? String(cString: strerror(errno)) : "nothing written") }
            }
        }
        body(writer)
        let footer = (writer.lengths + [UInt64(writer.lengths.count), magic]).map(\.littleEndian)
        footer.withUnsafeBytes { writer.write($0) }
        if close(descriptor) != 0 { failure.note(String(cString: strerror(errno))) }
        if failure.reason == nil, rename(temporary, path) != 0 { failure.note(String(cString: strerror(errno))) }
        if failure.reason != nil { unlink(temporary) }
        return failure.reason
    }

    private final class FirstFailure {
        private(set) var reason: String?
        func note(_ text: String) { reason = reason ?? text }
    }

    /// Bytes an unprivileged process may still write to the file system holding `path`'s folder;
    /// nil when that cannot be told.
    static func freeBytes(beside path: String) -> Int? {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "/" : folder, &info) == 0 else { return nil }
        let (bytes, overflow) = Int(info.f_bavail).multipliedReportingOverflow(by: Int(info.f_frsize))
        return overflow ? Int.max : bytes
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
