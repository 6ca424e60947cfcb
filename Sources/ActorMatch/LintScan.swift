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

    /// Per vocabulary word: 1 when it is a very common word, 0 when not, -1 not looked up yet.
    private var common: [Int8] = []

    init(_ actors: [WatchedActor], range: Range<Int>) {
        var vocabulary = TokenTableBuilder()
        var cache = FoldCache()
        var scanned: [ScannedToken] = []
        for actorIndex in range {
            let actor = actors[actorIndex]
            for (aliasIndex, alias) in actor.aliases.enumerated() {
                scanned.removeAll(keepingCapacity: true)
                var text = alias.text
                text.withUTF8 { utf8 in
                    Scanner.scan(utf8, resolver: &vocabulary, cache: &cache, into: &scanned, keepsTrailingGap: true)
                    scanned.removeAll { $0.id == ScannedToken.breakID }
                    add(actor, alias, Int32(actorIndex), Int32(aliasIndex), scanned, utf8, vocabulary)
                }
            }
        }
    }

    private mutating func add(_ actor: WatchedActor, _ alias: Alias, _ actorIndex: Int32, _ aliasIndex: Int32,
                              _ tokens: [ScannedToken], _ utf8: UnsafeBufferPointer<UInt8>,
                              _ vocabulary: TokenTableBuilder) {
        let tooLong = tokens.contains { $0.id == ScannedToken.unknownID }
        let found = WatchlistLint.wordWarnings(actor, alias, words: tokens.count, tooLong: tooLong,
                                               letters: Self.letters(in: alias.text)) {
            tokens.allSatisfy { isCommon($0, alias.caseMode, utf8, vocabulary) }
        }
        for diagnostic in found { warnings.append((aliases.count, diagnostic)) }
        var entry = Entry(actor: actorIndex, alias: aliasIndex, key: .none)
        defer { aliases.append(entry) }
        guard let first = tokens.first else { return }
        if tooLong {
            // A word past the limit keys by its lower-cased text (`TextNormalizer.Token.folded`).
            entry.key = .string(index: Int32(strings.count))
            strings.append(TextNormalizer.foldedKey(alias.text))
            return
        }
        if tokens.count == 1, alias.caseMode != .exact {
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

    /// Letters in an alias's text (Unicode general category L*), ASCII without a table lookup and
    /// the rest of the Basic Multilingual Plane through `bmpLetters`.
    static func letters(in text: String) -> Int {
        var letters = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if (value | 0x20) &- 0x61 < 26 { letters += 1 }
            } else if value <= 0xFFFF {
                if bmpLetters[Int(value >> 6)] & (1 << (value & 63)) != 0 { letters += 1 }
            } else if scalar.properties.generalCategory.isLetter {
                letters += 1
            }
        }
        return letters
    }

    /// One bit per scalar of U+0000 ... U+FFFF: set for letters. Built once per process, only
    /// by `check` (a few milliseconds), because the category lookup per scalar was a sixth of
    /// linting a 100,000-actor watchlist.
    static let bmpLetters: [UInt64] = (0..<1024).map { word in
        var bits: UInt64 = 0
        for bit in 0..<64 {
            if let scalar = Unicode.Scalar(UInt32(word * 64 + bit)), scalar.properties.generalCategory.isLetter {
                bits |= 1 << UInt64(bit)
            }
        }
        return bits
    }
}
