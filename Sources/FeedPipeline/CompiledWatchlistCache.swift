import ActorMatch
import FeedwatchConfig
import Foundation
import Synchronization

/// The compiled watchlist of the last start, kept next to the state file: the validated
/// watchlist, its warnings, its fingerprint and the built matcher. A restart, a reload that left
/// the watchlist alone and every `feedwatch once` then skip reading the YAML and building the
/// matcher, about a second of CPU for 100,000 actors.
///
/// An entry is used only when the watchlist's path and bytes and the feedwatch binary (its
/// version and its file: device, inode, size, modification time) are the ones it was made from,
/// and when every part passes its checksum. Anything else is a miss; the start then loads the
/// YAML as usual and the new build replaces the file.
///
/// The file is a head (key, warnings, fingerprint), the actors in a few parts and the index, each
/// a checksummed archive, then a footer with their lengths: the parts are read on all cores.
public struct CompiledWatchlistCache: Sendable {
    /// What a hit gives back: everything a start would otherwise compute from the YAML.
    public struct Entry: Sendable {
        public var watchlist: Loaded<Watchlist>
        public var fingerprint: String
        public var matcher: Matcher

        public init(watchlist: Loaded<Watchlist>, fingerprint: String, matcher: Matcher) {
            self.watchlist = watchlist
            self.fingerprint = fingerprint
            self.matcher = matcher
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `<state file>.watchlist-cache`: in the daemon's own folder, and one per pipeline.
    public let path: String
    private let key: [UInt8]
    private static let format = "feedwatch compiled watchlist 2"

    /// Nil when the running binary cannot be identified: without that no entry could be trusted.
    public init?(statePath: String, watchlistPath: String, watchlistBytes: [UInt8]) {
        guard let binary = CacheFile.identity(of: "/proc/self/exe") else { return nil }
        let (low, high) = watchlistBytes.withUnsafeBytes { ContentHash.wide($0) }
        key = ArchiveWriter.bytes { writer in
            writer.string(FeedwatchVersion.current)
            writer.raw(binary)
            writer.string(watchlistPath)
            writer.int(watchlistBytes.count)
            writer.int(Int(Int64(bitPattern: low)))
            writer.int(Int(Int64(bitPattern: high)))
        }
        path = statePath + ".watchlist-cache"
    }

    /// The entry, if the file holds one for exactly this watchlist and binary.
    public func load() -> Entry? {
        CacheFile.read(path) { file in
            guard let parts = file.parts(), parts.count >= 2 else { return nil }
            // The head alone first: a stale file costs one small read, not a full decode.
            guard let head = try? ArchiveReader.read(size: parts[0].count, from: file.source(at: parts[0].lowerBound),
                                                     readHead) else { return nil }
            let bodies = Array(parts.dropFirst())
            guard head.actorParts == bodies.count - 1 else { return nil }
            let actors = Mutex([[WatchedActor]?](repeating: nil, count: head.actorParts))
            let index = Mutex<ArchivedIndex?>(nil)
            // The index, the largest part, goes first so the actor parts fill in around it.
            DispatchQueue.concurrentPerform(iterations: bodies.count) { number in
                let part = number == 0 ? bodies[bodies.count - 1] : bodies[number - 1]
                let source = file.source(at: part.lowerBound)
                if number == 0 {
                    let read = try? ArchiveReader.read(size: part.count, from: source) { reader throws(ArchiveError) in
                        try Matcher.readIndex(&reader)
                    }
                    index.withLock { $0 = read }
                } else {
                    let read = try? ArchiveReader.read(size: part.count, from: source) { reader throws(ArchiveError) in
                        try reader.actors(file: head.watchlist.file)
                    }
                    actors.withLock { $0[number - 1] = read }
                }
            }
            var watchlist = head.watchlist
            for part in actors.withLock({ $0 }) {
                guard let part else { return nil }
                watchlist.actors.append(contentsOf: part)
            }
            guard let archived = index.withLock({ $0 }),
                  let matcher = try? Matcher(watchlist: watchlist, index: archived) else { return nil }
            return Entry(watchlist: Loaded(value: watchlist, warnings: head.warnings), fingerprint: head.fingerprint,
                         matcher: matcher)
        }
    }

    private struct Head {
        var watchlist: Watchlist
        var warnings: [Diagnostic]
        var fingerprint: String
        var actorParts: Int
    }

    private func readHead(_ reader: inout ArchiveReader) throws(ArchiveError) -> Head {
        guard try reader.string() == Self.format, try reader.raw() == key else { throw ArchiveError("other key") }
        return Head(watchlist: try reader.watchlistHead(), warnings: try reader.diagnostics(),
                    fingerprint: try reader.string(), actorParts: try reader.int())
    }

    /// Replaces the file atomically (a start reading it meanwhile sees the old or the new one).
    public func store(_ entry: Entry) throws(Failure) {
        let watchlist = entry.watchlist.value
        let actorParts = max(1, min(2 * UsableCores.count, watchlist.actors.count / 4096))
        let problem = CacheFile.replace(path) { sink in
            sink.part { writer in
                writer.string(Self.format)
                writer.raw(key)
                writer.watchlistHead(watchlist)
                writer.diagnostics(entry.watchlist.warnings)
                writer.string(entry.fingerprint)
                writer.int(actorParts)
            }
            let total = watchlist.actors.count
            for part in 0..<actorParts {
                let range = (total * part / actorParts)..<(total * (part + 1) / actorParts)
                sink.part { $0.actors(watchlist.actors[range], file: watchlist.file) }
            }
            sink.part { entry.matcher.archiveIndex(into: &$0) }
        }
        if let problem { throw Failure(description: "cannot write \(path): \(problem)") }
    }
}

extension ArchiveWriter {
    mutating func diagnostics(_ diagnostics: [Diagnostic]) {
        int(diagnostics.count)
        for diagnostic in diagnostics {
            byte(diagnostic.severity == .error ? 1 : 0)
            string(diagnostic.location.file)
            int(diagnostic.location.line)
            int(diagnostic.location.column)
            string(diagnostic.message)
        }
    }
}

extension ArchiveReader {
    mutating func diagnostics() throws(ArchiveError) -> [Diagnostic] {
        let total = try count(unit: 4)
        var diagnostics: [Diagnostic] = []
        diagnostics.reserveCapacity(total)
        for _ in 0..<total {
            let severity: Diagnostic.Severity = try byte() == 1 ? .error : .warning
            let location = SourceLocation(file: try string(), line: try int(), column: try int())
            diagnostics.append(Diagnostic(severity, location, try string()))
        }
        return diagnostics
    }
}
