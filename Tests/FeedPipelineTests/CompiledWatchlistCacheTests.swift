import ActorMatch
@testable import FeedPipeline
import FeedwatchConfig
import Foundation
import Testing
import TestSupport

/// The compiled watchlist cache beside the state: a stored entry comes back whole, and anything
/// that is not exactly what was stored (other watchlist bytes or path, a damaged or cut file)
/// is a miss rather than a wrong or crashing load.
struct CompiledWatchlistCacheTests {
    static let yaml = """
        defaults:
          case: smart
        actors:
          - id: hamas
            name: Hamas
            kind: group
            tags: [gaza]
          - id: mit
            name: Milli İstihbarat Teşkilatı
            kind: organization
            aliases:
              - MIT
              - Milli İstihbarat Teşkilatı
              - MIT
            exclude: [Massachusetts Institute of Technology]
          - id: bar
            name: Ronen Bar
            kind: person
            aliases:
              - Ronen Bar
              - text: Bar
                requires: [Shin Bet]
        """

    let directory: TemporaryDirectory
    let statePath: String
    let watchlistPath: String

    init() throws {
        directory = try TemporaryDirectory(prefix: "watchlist-cache-test")
        statePath = directory.path + "/state.sqlite"
        watchlistPath = directory.path + "/watchlist.yaml"
    }

    func cache(_ yaml: String = yaml, path: String? = nil) throws -> CompiledWatchlistCache {
        try #require(CompiledWatchlistCache(statePath: statePath, watchlistPath: path ?? watchlistPath,
                                            watchlistBytes: Array(yaml.utf8)))
    }

    func entry(_ yaml: String = yaml) throws -> CompiledWatchlistCache.Entry {
        let loaded = try WatchlistLoader.parse(Array(yaml.utf8), file: watchlistPath)
        return CompiledWatchlistCache.Entry(watchlist: loaded, fingerprint: "fingerprint-1",
                                            matcher: Matcher(watchlist: loaded.value))
    }

    @Test func storedEntryComesBackWhole() throws {
        let stored = try entry()
        #expect(stored.watchlist.warnings.count == 1)  // MIT listed twice
        try cache().store(stored)
        let loaded = try #require(try cache().load())
        #expect(loaded.watchlist.value.actors == stored.watchlist.value.actors)
        #expect(loaded.watchlist.value.file == watchlistPath)
        #expect(loaded.watchlist.warnings == stored.watchlist.warnings)
        #expect(loaded.fingerprint == "fingerprint-1")
        let text = "Shin Bet chief Bar met MIT officials; MIT means Massachusetts Institute of Technology here. Hamas’s"
        #expect(loaded.matcher.explain([TextField(name: "t", text: text)])
                == stored.matcher.explain([TextField(name: "t", text: text)]))
        #expect(loaded.matcher.match(text).map(\.actorID) == ["bar", "hamas"])
    }

    @Test func otherWatchlistBytesOrPathAreAMiss() throws {
        try cache().store(try entry())
        #expect(try cache(Self.yaml + " ").load() == nil)
        #expect(try cache(Self.yaml.replacingOccurrences(of: "Hamas", with: "Hamaz")).load() == nil)
        #expect(try cache(path: directory.path + "/./watchlist.yaml").load() == nil)
        #expect(try cache().load() != nil)
    }

    @Test func damagedFileIsAMiss() throws {
        try cache().store(try entry())
        let path = try cache().path
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        // A flipped bit in any part (head, actors, index) or in the footer.
        for offset in stride(from: 0, to: good.count, by: max(1, good.count / 97)) + [good.count - 1, good.count - 20] {
            var damaged = good
            damaged[offset] ^= 0x04
            try damaged.write(to: URL(fileURLWithPath: path))
            #expect(try cache().load() == nil, "byte \(offset) of \(good.count)")
        }
        for length in [0, 8, 16, good.count / 2, good.count - 1] {
            try good.prefix(length).write(to: URL(fileURLWithPath: path))
            #expect(try cache().load() == nil, "first \(length) bytes")
        }
        try Data(repeating: 0xFF, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(try cache().load() == nil)
        try FileManager.default.removeItem(atPath: path)
        #expect(try cache().load() == nil)
        try good.write(to: URL(fileURLWithPath: path))
        #expect(try cache().load() != nil)
    }

    @Test func storeLeavesOnlyTheCacheFile() throws {
        try cache().store(try entry())
        try cache().store(try entry())
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names == ["state.sqlite.watchlist-cache"])
    }

    @Test func storeIntoAMissingFolderNamesThePath() throws {
        let cache = try #require(CompiledWatchlistCache(statePath: directory.path + "/missing/state.sqlite",
                                                        watchlistPath: watchlistPath, watchlistBytes: Array(Self.yaml.utf8)))
        let error = #expect(throws: CompiledWatchlistCache.Failure.self) { try cache.store(try entry()) }
        #expect(error?.description.contains("/missing/state.sqlite.watchlist-cache") == true)
        #expect(cache.load() == nil)
    }

    @Test func aNearlyFullDiskGetsNoCache() {
        #expect(CompiledWatchlistCache.freeSpaceWanted(watchlistSize: 1000) == 64 << 20)
        #expect(CompiledWatchlistCache.freeSpaceWanted(watchlistSize: 100 << 20) == 400 << 20)
        #expect(CacheFile.freeBytes(beside: directory.path + "/state.sqlite.watchlist-cache").map { $0 > 0 } == true)
    }

    /// Enough actors for the actors to be stored in several parts, read back on several threads.
    @Test func largeWatchlistComesBackInOrder() throws {
        var yaml = "actors:\n"
        for number in 0..<20_000 {
            yaml += "  - id: a\(number)\n    name: Person\(number) Ünal\(number)\n    kind: person\n"
        }
        try cache(yaml).store(try entry(yaml))
        let loaded = try #require(try cache(yaml).load())
        #expect(loaded.watchlist.value.actors.map(\.id) == (0..<20_000).map { "a\($0)" })
        #expect(loaded.matcher.match("Person19999 Ünal19999 spoke").map(\.actorID) == ["a19999"])
    }
}
