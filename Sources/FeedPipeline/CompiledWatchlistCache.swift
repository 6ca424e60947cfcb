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
/// a checksummed archive, then a footer with their lengths (`CacheFile`). It is mapped, the parts
/// are read on all cores, and the index's tables are used where they lie in the mapping.
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
    /// The watchlist file's size: the compiled copy takes about two and a half times that.
    private let watchlistSize: Int
    private static let format = "feedwatch compiled watchlist 3"

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
        watchlistSize = watchlistBytes.count
    }

    /// The entry, if the file holds one for exactly this watchlist and binary.
    public func load() -> Entry? {
        guard let mapping = CacheFile.Mapping(path: path), let parts = mapping.parts(), parts.count >= 2 else { return nil }
        @Sendable func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: mapping.bytes[range]) }
        // The head alone first: a stale file costs one small read, not a full decode.
        guard let head = try? ArchiveReader.read(bytes(parts[0]), owner: nil, readHead),
              head.actorCounts.count == parts.count - 2 else { return nil }
        let actorParts = Array(parts[1..<(parts.count - 1)])
        // An actor takes more than a byte: counts beyond that are no counts of these parts.
        guard zip(head.actorCounts, actorParts).allSatisfy({ $0 <= $1.count }) else { return nil }
        let starts = head.actorCounts.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) }
        let index = Mutex<ArchivedIndex?>(nil)
        let outcomes = Mutex([PartOutcome](repeating: PartOutcome(), count: actorParts.count))
        var loaded = false
        // Each part's actors go straight to their place in one array, on all cores; the index,
        // the largest part, goes first and stays where it lies in the mapped file.
        let actors = [WatchedActor](unsafeUninitializedCapacity: starts[starts.count - 1]) { buffer, initialized in
            let target = UncheckedBuffer(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: actorParts.count + 1) { number in
                if number == 0 {
                    let read = try? ArchiveReader.read(bytes(parts[parts.count - 1]), owner: mapping) {
                        reader throws(ArchiveError) in try Matcher.readIndex(&reader)
                    }
                    index.withLock { $0 = read }
                } else {
                    let part = number - 1
                    let outcome = Self.readActors(bytes(actorParts[part]), file: head.watchlist.file,
                                                  into: UnsafeMutableBufferPointer(rebasing: target.buffer[starts[part]..<starts[part + 1]]))
                    outcomes.withLock { $0[part] = outcome }
                }
            }
            let parts = outcomes.withLock { $0 }
            if parts.allSatisfy(\.complete) {
                initialized = buffer.count
                loaded = true
            } else {
                for (part, outcome) in parts.enumerated() {
                    (buffer.baseAddress.map { $0 + starts[part] })?.deinitialize(count: outcome.placed)
                }
            }
        }
        // The actors are Swift values now: their pages of the file are not needed any more.
        for range in parts.dropLast() { mapping.release(range) }
        guard loaded, let archived = index.withLock({ $0 }) else { return nil }
        var watchlist = head.watchlist
        watchlist.actors = actors
        guard let matcher = try? Matcher(watchlist: watchlist, index: archived) else { return nil }
        return Entry(watchlist: Loaded(value: watchlist, warnings: head.warnings), fingerprint: head.fingerprint,
                     matcher: matcher)
    }

    /// How far reading one actor part got: the actors in place, and whether that is all of them.
    private struct PartOutcome {
        var placed = 0
        var complete = false
    }

    /// Reads one actor part into `slice`, which it must fill exactly.
    private static func readActors(_ part: UnsafeRawBufferPointer, file: String,
                                   into slice: UnsafeMutableBufferPointer<WatchedActor>) -> PartOutcome {
        var placed = 0
        let read: Void? = try? ArchiveReader.read(part, owner: nil) { reader throws(ArchiveError) in
            guard try reader.actorCount() == slice.count else { throw ArchiveError("part holds other actors") }
            try reader.actors(file: file, into: slice, initialized: &placed)
        }
        return PartOutcome(placed: placed, complete: read != nil)
    }

    /// Lets the threads of `load` fill disjoint ranges of one array's storage.
    private struct UncheckedBuffer: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<WatchedActor>
    }

    private struct Head {
        var watchlist: Watchlist
        var warnings: [Diagnostic]
        var fingerprint: String
        /// Actors in each actor part, in order.
        var actorCounts: [Int]
    }

    /// The free space below which no compiled watchlist is written: the state and the alert log
    /// share the disk, and a cache is never worth filling it (it takes about 2.5 times the YAML).
    static func freeSpaceWanted(watchlistSize: Int) -> Int {
        max(4 * watchlistSize, 64 << 20)
    }

    private func readHead(_ reader: inout ArchiveReader) throws(ArchiveError) -> Head {
        guard try reader.string() == Self.format, try reader.raw() == key else { throw ArchiveError("other key") }
        var head = Head(watchlist: try reader.watchlistHead(), warnings: try reader.diagnostics(),
                        fingerprint: try reader.string(), actorCounts: [])
        for _ in 0..<(try reader.count()) {
            let count = try reader.int()
            guard count >= 0 else { throw ArchiveError("negative actor count") }
            head.actorCounts.append(count)
        }
        return head
    }

    /// Replaces the file atomically (a start reading it meanwhile sees the old or the new one).
    public func store(_ entry: Entry) throws(Failure) {
        if let free = CacheFile.freeBytes(beside: path), free < Self.freeSpaceWanted(watchlistSize: watchlistSize) {
            throw Failure(description: "not writing \(path): only \(free >> 20) MB free")
        }
        let watchlist = entry.watchlist.value
        let actorParts = max(1, min(2 * UsableCores.count, watchlist.actors.count / 4096))
        let total = watchlist.actors.count
        let ranges = (0..<actorParts).map { (total * $0 / actorParts)..<(total * ($0 + 1) / actorParts) }
        let problem = CacheFile.replace(path) { sink in
            sink.part { writer in
                writer.string(Self.format)
                writer.raw(key)
                writer.watchlistHead(watchlist)
                writer.diagnostics(entry.watchlist.warnings)
                writer.string(entry.fingerprint)
                writer.int(ranges.count)
                for range in ranges { writer.int(range.count) }
            }
            for range in ranges {
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
