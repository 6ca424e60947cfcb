@testable import ActorMatch
import FeedwatchConfig
import Testing

/// A matcher read back from its archive must be the matcher that was built: same actors, same
/// hits, same near misses. A damaged or cut archive must be refused, never half read.
struct MatcherArchiveTests {
    /// The domain watchlist plus what it lacks: tags, every kind, exclude phrases, an alias whose
    /// text differs from the name, a location in another file, a default case mode.
    static let watchlist: Watchlist = {
        var actors = Fixture.domain.watchlist.actors
        actors[0].tags = ["security", "israel"]
        actors[0].kind = .organization
        actors[1].kind = .country
        actors[1].exclude = [ExcludePhrase(text: "Israel Kamakawiwoʻole", caseMode: .ignore,
                                           location: SourceLocation(file: "other.yaml", line: 7, column: 3))]
        actors[2].name = "Ḥamās (movement)"
        // An alias canonically equal to the name but in other bytes must come back as written.
        actors[3].name = "Qata\u{0303}r"
        actors[3].aliases[0].text = "Qat\u{E3}r"
        return Watchlist(file: Fixture.file, defaultCase: .ignore, actors: actors)
    }()

    /// The archive of `watchlist` and its index, as one part holding both.
    static func archive(_ matcher: Matcher) -> [UInt8] {
        ArchiveWriter.bytes { writer in
            writer.watchlistHead(matcher.watchlist)
            writer.actors(matcher.watchlist.actors[...], file: matcher.watchlist.file)
            matcher.archiveIndex(into: &writer)
            writer.finish()
        }
    }

    /// The matcher is assembled only once the checksum has passed, as the cache does: its
    /// entries hold enums that must not be looked at before.
    static func read(_ bytes: [UInt8]) throws(ArchiveError) -> Matcher {
        let (watchlist, index) = try ArchiveReader.read(bytes) { reader throws(ArchiveError) in
            var watchlist = try reader.watchlistHead()
            watchlist.actors = try reader.actors(file: watchlist.file)
            return (watchlist, try Matcher.readIndex(&reader))
        }
        return try Matcher(watchlist: watchlist, index: index)
    }

    @Test func readBackMatcherHasTheSameWatchlist() throws {
        let built = Matcher(watchlist: Self.watchlist)
        let read = try Self.read(Self.archive(built))
        #expect(read.watchlist.file == built.watchlist.file)
        #expect(read.watchlist.defaultCase == .ignore)
        #expect(read.watchlist.actors == built.watchlist.actors)
        let bytes = { (watchlist: Watchlist) in watchlist.actors.map { [$0.name] + $0.aliases.map(\.text) }.map { $0.map { Array($0.utf8) } } }
        #expect(bytes(read.watchlist) == bytes(built.watchlist))
    }

    @Test(arguments: 0..<100)
    func readBackMatcherFindsWhatTheBuiltOneFinds(seed: Int) throws {
        let built = Matcher(watchlist: Self.watchlist)
        let read = try Self.read(Self.archive(built))
        var rng = SeededGenerator(state: UInt64(seed) &* 7919 &+ 11)
        // Watched names among the scanner's hard cases, so hits, misses and conditions all occur.
        let names = Self.watchlist.actors.flatMap { $0.aliases.map(\.text) + $0.exclude.map(\.text) }
            + ["Ronen Bar", "Bar", "isa", "u.s.", "MIT", "mit", "Massachusetts Institute of Technology"]
        var text = ""
        for _ in 0..<Int.random(in: 1...40, using: &rng) {
            text += Bool.random(using: &rng) ? names[Int.random(in: 0..<names.count, using: &rng)]
                : FastPathAgreementTests.pieces[Int.random(in: 0..<FastPathAgreementTests.pieces.count, using: &rng)]
            text += [" ", ", ", "’s ", "\n"][Int.random(in: 0..<4, using: &rng)]
        }
        let fields = [TextField(name: "title", text: String(text.prefix(40))), TextField(name: "summary", text: text)]
        #expect(read.explain(fields) == built.explain(fields), "\(text.debugDescription)")
    }

    @Test func everyDamagedByteIsRefused() throws {
        let bytes = Self.archive(Matcher(watchlist: Self.watchlist))
        // A flipped bit anywhere, checksum included, is refused: every byte of the head and the
        // checksum, every seventh elsewhere (each read decodes the whole archive).
        for offset in bytes.indices where offset < 256 || offset >= bytes.count - 8 || offset % 7 == 0 {
            var damaged = bytes
            damaged[offset] ^= 0x10
            #expect(throws: ArchiveError.self, "byte \(offset) of \(bytes.count)") { _ = try Self.read(damaged) }
        }
    }

    @Test func cutArchiveIsRefused() throws {
        let bytes = Self.archive(Matcher(watchlist: Self.watchlist))
        for length in [0, 1, 7, 8, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            #expect(throws: ArchiveError.self, "first \(length) bytes") { _ = try Self.read(Array(bytes.prefix(length))) }
        }
        #expect(throws: ArchiveError.self) { _ = try Self.read(bytes + [0]) }
    }

    /// An index read against a watchlist it was not built for is refused, not misread.
    @Test func indexOfAnotherWatchlistIsRefused() throws {
        let built = Matcher(watchlist: Self.watchlist)
        let index = ArchiveWriter.bytes { writer in
            built.archiveIndex(into: &writer)
            writer.finish()
        }
        let smaller = Watchlist(file: Fixture.file, actors: Array(Self.watchlist.actors.prefix(3)))
        let archived = try ArchiveReader.read(index) { reader throws(ArchiveError) in try Matcher.readIndex(&reader) }
        #expect(throws: ArchiveError.self) { try Matcher(watchlist: smaller, index: archived) }
    }

    /// Megabytes of archive (strings of every length, large plain arrays) read back whole.
    @Test func largeArchiveReadsBack() throws {
        let actors = (0..<20_000).map { number in
            Fixture.actor("a\(number)", [Fixture.alias("Person\(number) Surname\(number)"),
                                         Fixture.alias(String(repeating: "ẞ", count: number % 50 + 1) + "\(number)")])
        }
        let built = Matcher(watchlist: Watchlist(file: Fixture.file, actors: actors))
        let bytes = Self.archive(built)
        #expect(bytes.count > 2 << 20)
        let read = try Self.read(bytes)
        #expect(read.watchlist.actors == actors)
        #expect(read.match("Met Person19999 Surname19999 today").map(\.actorID) == ["a19999"])
    }
}

extension ArchiveReader {
    /// A part's actors as one array (the cache places several parts in one array instead).
    mutating func actors(file: String) throws(ArchiveError) -> [WatchedActor] {
        let total = try actorCount()
        var failure: ArchiveError?
        let actors = [WatchedActor](unsafeUninitializedCapacity: total) { buffer, initialized in
            do throws(ArchiveError) {
                try self.actors(file: file, into: buffer, initialized: &initialized)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return actors
    }
}
