import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches the config and watchlist files with inotify and reports when either changed
/// (`watch_config: true`).
///
/// Editors save by writing in place or by renaming a new file over the old one, so the folders
/// are watched, not the files, and events are filtered by name. Bursts of events from one save
/// are coalesced into a single change a moment after the last event.
public final class ConfigWatcher: Sendable {
    public let changes: AsyncStream<Void>
    private let fd: Int32

    /// Nil when inotify is unavailable (the caller logs it and carries on without watching).
    public init?(files: [String]) {
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        var names: [Int32: Set<String>] = [:]
        for file in files {
            let url = URL(fileURLWithPath: file).standardizedFileURL
            let folder = url.deletingLastPathComponent().path
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE)
            let watch = inotify_add_watch(fd, folder, mask)
            guard watch >= 0 else { continue }
            names[watch, default: []].insert(url.lastPathComponent)
        }
        self.fd = fd
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        changes = stream
        let watched = names
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                if Self.mentions(buffer[0..<count], watched) {
                    // Let the editor finish (a rename follows a write), then report once.
                    usleep(300_000)
                    continuation.yield(())
                }
            }
            continuation.finish()
        }
        thread.start()
    }

    deinit { close(fd) }

    /// Whether any event in the buffer names a watched file.
    private static func mentions(_ bytes: ArraySlice<UInt8>, _ watched: [Int32: Set<String>]) -> Bool {
        var offset = bytes.startIndex
        let header = MemoryLayout<inotify_event>.size
        var found = false
        while offset + header <= bytes.endIndex {
            let event = bytes.withUnsafeBytes { raw in
                raw.loadUnaligned(fromByteOffset: offset - bytes.startIndex, as: inotify_event.self)
            }
            let nameStart = offset + header
            let nameEnd = min(nameStart + Int(event.len), bytes.endIndex)
            let name = String(decoding: bytes[nameStart..<nameEnd].prefix { $0 != 0 }, as: UTF8.self)
            if watched[event.wd]?.contains(name) == true { found = true }
            offset = nameEnd
        }
        return found
    }
}
