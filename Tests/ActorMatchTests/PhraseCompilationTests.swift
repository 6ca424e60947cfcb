@testable import ActorMatch
import FeedwatchConfig
import Testing

/// Compiling a large watchlist's phrases on several threads must build exactly the index a single
/// pass builds: same word ids, same trie, same entries, table by table.
struct PhraseCompilationTests {
    /// Words shared between and within pieces, every case mode, `requires` and `exclude`,
    /// non-ASCII and over-long words, and an alias listed by two actors.
    static let watchlist: Watchlist = {
        let words = ["Hamas", "Qatar", "Türkiye", "MIT", "Shin", "Bet", "İbrahim", "Kalın", "Россия", "東京", "Doha",
                     "Straße", "Bar", String(repeating: "я", count: 300), "U.S.", "ﬁnance", "Ḥamās"]
        let actors = (0..<600).map { number -> WatchedActor in
            let first = words[number % words.count], second = words[(number * 7 + 3) % words.count]
            let mode: CaseMode = [.smart, .exact, .ignore][number % 3]
            var aliases = [Fixture.alias("\(first) \(second)\(number % 50)", mode),
                           Fixture.alias("\(second) \(first)", .smart,
                                         requires: number % 5 == 0 ? ["\(first) Council", "Bet \(number % 9)"] : [])]
            if number % 11 == 0 { aliases.append(Fixture.alias("Shin Bet", .exact)) }
            return Fixture.actor("a\(number)", aliases, exclude: number % 4 == 0 ? ["\(second) Institute"] : [])
        }
        return Watchlist(file: Fixture.file, actors: actors)
    }()

    static func elements<T: BitwiseCopyable>(_ array: FrozenArray<T>) -> [T] {
        (0..<array.count).map { array[$0] }
    }

    @Test(arguments: [2, 3, 7, 600])
    func piecesBuildTheSingleThreadedIndex(pieces: Int) {
        let single = MatchIndex(watchlist: Self.watchlist, pieces: 1)
        let parallel = MatchIndex(watchlist: Self.watchlist, pieces: pieces)
        let (a, b) = (single.vocabulary, parallel.vocabulary)
        #expect(b.count == a.count && b.mask == a.mask && b.filterShift == a.filterShift)
        #expect(Self.elements(b.slots) == Self.elements(a.slots))
        #expect(Self.elements(b.filter) == Self.elements(a.filter))
        #expect(Self.elements(b.offsets) == Self.elements(a.offsets))
        #expect(Self.elements(b.arena) == Self.elements(a.arena))
        #expect(Self.elements(parallel.rootSteps) == Self.elements(single.rootSteps))
        // Where an edge sits in its open-addressing table follows a dictionary's iteration order,
        // which differs between any two builds; the edges themselves must not.
        let edges = { (index: MatchIndex) in
            Self.elements(index.edges).filter { $0.key != MatchIndex.emptyKey }.sorted { $0.key < $1.key }
        }
        #expect(parallel.edges.count == single.edges.count)
        #expect(edges(parallel) == edges(single))
        for edge in edges(single) {
            let from = TrieStep(node: Int32(truncatingIfNeeded: edge.key >> 32), terminalStart: 0, terminalEnd: 0)
            #expect(parallel.next(after: from, token: Int32(truncatingIfNeeded: edge.key)) == edge.step)
        }
        #expect(Self.elements(parallel.entries) == Self.elements(single.entries))
        #expect(Self.elements(parallel.requirements) == Self.elements(single.requirements))
        #expect(parallel.exactForms == single.exactForms)
        #expect(parallel.conditions.map(\.text) == single.conditions.map(\.text))
        #expect(Self.elements(parallel.conditionLists) == Self.elements(single.conditionLists))
        #expect(parallel.excludeRanges == single.excludeRanges)
        #expect(single.entries.count > 1000 && single.vocabulary.count > 500)
    }

    @Test func piecesFindWhatTheSingleThreadedIndexFinds() {
        let single = Matcher(watchlist: Self.watchlist)
        let parallel = Matcher(watchlist: Self.watchlist, index: MatchIndex(watchlist: Self.watchlist, pieces: 4))
        let text = "Hamas Qatar7 said; Qatar Hamas met the Türkiye Council. Shin Bet and Bet 3, Doha Straße9, ﬁnance Россия"
        #expect(parallel.explain([TextField(name: "t", text: text)]) == single.explain([TextField(name: "t", text: text)]))
        #expect(!single.match(text).isEmpty)
    }
}
