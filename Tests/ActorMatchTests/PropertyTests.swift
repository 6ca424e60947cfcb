import ActorMatch
import FeedwatchConfig
import Testing

/// SplitMix64: a tiny deterministic generator, so every run tests the same cases.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// For random watchlists and texts built from their aliases, every inserted alias is found
/// exactly where it was put, with the actor that owns it.
struct PropertyTests {
    static let syllables: [[String]] = [
        ["ka", "lo", "mir", "zan", "dre", "vi", "tor", "ül", "çe", "şa", "ñu", "øy", "ab", "ır", "ße"],
        ["ва", "ли", "мир", "ко", "жа", "ён", "щу"],
        ["שָׁ", "לו", "רִי", "מן"],
        ["مر", "سا", "حي", "لِب"],
        ["東", "京", "北", "海", "カ", "ガ", "ひ"],
    ]
    static let fillers = ["the", "report", "said", "on", "Monday", "and", "officials", "in", "talks", "of",
                          "a", "new", "statement", "THE", "After", "2024", "—", "(", ")", ",", "…"]

    static func word(_ rng: inout SeededGenerator) -> String {
        let script = syllables[Int.random(in: 0..<syllables.count, using: &rng)]
        let count = script.first == "東" ? Int.random(in: 1...2, using: &rng) : Int.random(in: 2...3, using: &rng)
        let plain = (0..<count).map { _ in script[Int.random(in: 0..<script.count, using: &rng)] }.joined()
        guard Bool.random(using: &rng), let first = plain.first else { return plain }
        return first.uppercased() + plain.dropFirst()
    }

    static func watchlist(_ rng: inout SeededGenerator) -> Watchlist {
        let actors = (0..<Int.random(in: 5...40, using: &rng)).map { index in
            let aliases = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                let text = (0..<Int.random(in: 1...3, using: &rng)).map { _ in word(&rng) }.joined(separator: " ")
                let mode = [CaseMode.smart, .exact, .ignore][Int.random(in: 0..<3, using: &rng)]
                return Fixture.alias(text, mode)
            }
            return Fixture.actor("actor-\(index)", aliases)
        }
        return Watchlist(file: Fixture.file, actors: actors)
    }

    /// How an alias may be written in text and still match under its case mode.
    static func variant(of alias: Alias, _ rng: inout SeededGenerator) -> String {
        let words = alias.text.split(separator: " ").map(String.init)
        let separators = [" ", "\u{00A0}", "-", " . ", "’"]
        var written = words.map { word -> String in
            switch (alias.caseMode, Int.random(in: 0..<3, using: &rng)) {
            case (.exact, _), (_, 0): return word
            case (_, 1): return word.uppercased()
            case (.ignore, _): return word.lowercased()
            default:
                guard let first = word.first, word.count > 2 else { return word }
                return String(first) + "\u{00AD}" + word.dropFirst()
            }
        }
        written = written.enumerated().map { $0.offset == 0 ? $0.element : separators[Int.random(in: 0..<separators.count, using: &rng)] + $0.element }
        return written.joined()
    }

    @Test(arguments: 0..<40)
    func insertedAliasesAreFoundWhereTheyWerePut(seed: Int) {
        var rng = SeededGenerator(state: UInt64(seed) &* 7919 &+ 17)
        let watchlist = Self.watchlist(&rng)
        let matcher = Matcher(watchlist: watchlist)
        let aliasWords = Set(watchlist.actors.flatMap { $0.aliases.flatMap { TextNormalizer.tokens(in: $0.text).map(\.folded) } })
        let fillers = Self.fillers.filter { TextNormalizer.tokens(in: $0).allSatisfy { !aliasWords.contains($0.folded) } }

        var text = ""
        var expected: [(actor: String, offset: Int, text: String)] = []
        for _ in 0..<Int.random(in: 5...25, using: &rng) {
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                text += fillers[Int.random(in: 0..<fillers.count, using: &rng)] + " "
            }
            let actor = watchlist.actors[Int.random(in: 0..<watchlist.actors.count, using: &rng)]
            let alias = actor.aliases[Int.random(in: 0..<actor.aliases.count, using: &rng)]
            let written = Self.variant(of: alias, &rng)
            expected.append((actor.id, text.unicodeScalars.count, written))
            text += written + [" ", "’s ", ", ", "\n", ". "][Int.random(in: 0..<5, using: &rng)]
        }

        let hits = matcher.match(text)
        var found: [Int: (actors: Set<String>, text: String)] = [:]
        for hit in hits {
            for mention in hit.mentions {
                found[mention.offset, default: ([], mention.text)].actors.insert(hit.actorID)
            }
        }
        for insertion in expected {
            let at = found[insertion.offset]
            #expect(at?.actors.contains(insertion.actor) == true, "\(insertion) in \(text.debugDescription)")
            #expect(at?.text == insertion.text, "\(insertion)")
        }
        #expect(Set(found.keys) == Set(expected.map(\.offset)), "nothing found beyond the insertions")
    }
}
