import FeedwatchConfig

/// What `WatchlistLint` learns from one piece of the actor list on its own: each alias's word
/// warnings, the key its words fold to, and the one-word aliases the rule lint looks at. Nothing
/// here needs another piece, so the pieces run at once.
///
/// Each alias is tokenised once, by the matcher's own scanner into a vocabulary for the piece:
/// a word's bytes and whether it is a very common one are then looked at once per distinct word,
/// not once per use.
struct LintScan: Sendable {
    /// The words an alias folds to, as the collision lint compares them.
    enum Key: Sendable {
        /// No words: the alias can never match and collides with nothing.
        case none
        /// The folded words joined by spaces, `arena[start..<end]`, with their `hash`.
        case bytes(start: Int32, end: Int32, hash: Int)
        /// The same as a string, `strings[index]`, when equal bytes might not mean equal strings.
        case string(index: Int32)
    }

    struct Entry: Sendable {
        var actor: Int32
        var alias: Int32
        var key: Key
    }

    /// One per alias of the piece, in watchlist order.
    private(set) var aliases: [Entry] = []
    private(set) var arena: [UInt8] = []
    private(set) var strings: [String] = []
    /// Word warnings, in alias order; `alias` indexes `aliases`.
    private(set) var warnings: [(alias: Int, diagnostic: Diagnostic)] = []
    /// One-word aliases that are not `case: exact`, for `RuleOverlap`.
    private(set) var candidates: [RuleOverlap.Candidate] = []
    /// Per share of the keys (`LintCollisions`), the aliases with a key in it, in order.
    private(set) var byShard: [[Int32]]

    /// Takes the last word warning out (a move, not a copy), for `WatchlistLint` to put the
    /// warnings in order back to front.
    mutating func popLastWarning() -> (alias: Int, diagnostic: Diagnostic)? {
        warnings.popLast()
    }

    /// Per vocabulary word: 1 when it is a very common word, 0 when not, -1 not looked up yet.
    private var common: [Int8] = []

    init(_ actors: [WatchedActor], range: Range<Int>, shards: Int) {
        byShard = Array(repeating: [], count: shards)
        var vocabulary = TokenTableBuilder()
        var cache = FoldCache()
        var scanned: [ScannedToken] = []
        for actorIndex in range {
            // Only the fields needed are read: copying whole actors and aliases retained the file
            // name they all share from every thread at once, a third of this loop.
            let aliases = actors[actorIndex].aliases
            for aliasIndex in aliases.indices {
                scanned.removeAll(keepingCapacity: true)
                let text = aliases[aliasIndex].text
                let mode = aliases[aliasIndex].caseMode
                var contiguous = text
                contiguous.withUTF8 { utf8 in
                    Scanner.scan(utf8, resolver: &vocabulary, cache: &cache, into: &scanned, keepsTrailingGap: true)
                    scanned.removeAll { $0.id == ScannedToken.breakID }
                    add(text, mode, actors, Int32(actorIndex), Int32(aliasIndex), scanned, utf8, vocabulary)
                }
            }
        }
    }

    private mutating func add(_ text: String, _ mode: CaseMode, _ actors: [WatchedActor], _ actorIndex: Int32,
                              _ aliasIndex: Int32, _ tokens: [ScannedToken], _ utf8: UnsafeBufferPointer<UInt8>,
                              _ vocabulary: TokenTableBuilder) {
        let tooLong = tokens.contains { $0.id == ScannedToken.unknownID }
        let problems = WatchlistLint.wordProblems(words: tokens.count, tooLong: tooLong,
                                                  letters: Self.letters(in: utf8), caseMode: mode) {
            tokens.allSatisfy { isCommon($0, mode, utf8, vocabulary) }
        }
        for problem in problems {
            let actor = actors[Int(actorIndex)]
            warnings.append((aliases.count, WatchlistLint.warning(problem, actor, actor.aliases[Int(aliasIndex)])))
        }
        var entry = Entry(actor: actorIndex, alias: aliasIndex, key: .none)
        defer {
            if let shard = LintCollisions.shard(of: entry.key, strings: strings, count: byShard.count) {
                byShard[shard].append(Int32(aliases.count))
            }
            aliases.append(entry)
        }
        guard let first = tokens.first else { return }
        if tooLong {
            // A word past the limit keys by its lower-cased text (`TextNormalizer.Token.folded`).
            entry.key = .string(index: Int32(strings.count))
            strings.append(TextNormalizer.foldedKey(text))
            return
        }
        if tokens.count == 1, mode != .exact {
            candidates.append(RuleOverlap.Candidate(actor: Int(actorIndex), alias: Int(aliasIndex),
                                                    folded: Array(vocabulary.word(Int(first.id)))))
        }
        let start = arena.count
        for (index, token) in tokens.enumerated() {
            if index > 0 { arena.append(UInt8(ascii: " ")) }
            arena.append(contentsOf: vocabulary.word(Int(token.id)))
        }
        let key = arena[start...]
        if LintCollisions.comparesAsBytes(key) {
            var hasher = Hasher()
            key.withUnsafeBytes { hasher.combine(bytes: $0) }
            entry.key = .bytes(start: Int32(start), end: Int32(arena.count), hash: hasher.finalize())
        } else {
            entry.key = .string(index: Int32(strings.count))
            strings.append(String(decoding: key, as: UTF8.self))
            arena.removeSubrange(start...)
        }
    }

    /// Whether a token of an alias counts as a very common word (`WatchlistLint.isCapitals`).
    private mutating func isCommon(_ token: ScannedToken, _ mode: CaseMode, _ utf8: UnsafeBufferPointer<UInt8>,
                                   _ vocabulary: TokenTableBuilder) -> Bool {
        let id = Int(token.id)
        if id >= common.count { common.append(contentsOf: repeatElement(-1, count: id + 1 - common.count)) }
        if common[id] < 0 {
            common[id] = CommonWords.all.contains(String(decoding: vocabulary.word(id), as: UTF8.self)) ? 1 : 0
        }
        guard common[id] == 1 else { return false }
        let written = UnsafeBufferPointer(rebasing: utf8[Int(token.byteStart)..<Int(token.byteEnd)])
        return mode != .smart || !WatchlistLint.isCapitals(String(decoding: written, as: UTF8.self))
    }

    /// Letters in an alias's text (Unicode general category L*), read from its UTF-8: ASCII by
    /// range, two-byte scalars (Latin, Greek, Cyrillic, Hebrew, Arabic) through `twoByteLetters`,
    /// the rest by their category. The category lookup for every scalar was a sixth of linting a
    /// 100,000-actor watchlist.
    static func letters(in utf8: UnsafeBufferPointer<UInt8>) -> Int {
        var letters = 0
        var index = 0
        while index < utf8.count {
            let lead = utf8[index]
            if lead < 0x80 {
                if (lead | 0x20) &- 0x61 < 26 { letters += 1 }
                index += 1
                continue
            }
            // Swift strings hold valid UTF-8, so the sequence's length follows from its lead byte.
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard index + length <= utf8.count else { break }
            var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
            for offset in 1..<length { value = value << 6 | UInt32(utf8[index + offset] & 0x3F) }
            if value < 0x800 {
                if twoByteLetters[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0 { letters += 1 }
            } else if let scalar = Unicode.Scalar(value), scalar.properties.generalCategory.isLetter {
                letters += 1
            }
            index += length
        }
        return letters
    }

    /// One bit per scalar of U+0000 ... U+07FF: set for letters.
    static let twoByteLetters: [UInt64] = (0..<32).map { word in
        var bits: UInt64 = 0
        for bit in 0..<64 {
            if let scalar = Unicode.Scalar(UInt32(word * 64 + bit)), scalar.properties.generalCategory.isLetter {
                bits |= 1 << UInt64(bit)
            }
        }
        return bits
    }
}
