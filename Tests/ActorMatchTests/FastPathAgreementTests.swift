@testable import ActorMatch
import Testing

/// The scanner's fast paths (whole ASCII words, two-byte letters) are optimisations of the general
/// path; these tests run both on random mixed ASCII / non-ASCII text so they cannot drift apart.
struct FastPathAgreementTests {
    /// Pieces that exercise every branch: ASCII words of every case shape, digits, words running
    /// into non-ASCII letters, marks, ignorables, Unicode spaces, line breaks, kana and Han.
    static let pieces = [
        "the", "Hamas", "HAMAS", "hAMAS", "G7", "2024", "x", "U", ".", "S", "Türkiye", "Tu\u{0308}rkiye", "İBRAHİM",
        "Kalın", "Straße", "Россия", "שָׁלוֹם", "حـــزب", "東京", "ガ", "ﬁnance", "ＨＡＭＡＳ", "Ne\u{00AD}tanyahu",
        "Shin\u{200D}Bet", "’s", "“", "”", "—", "-", "'", "\u{00A0}", "\u{2009}", "\u{3000}", "\u{2028}",
        "\n", "\r\n", "\t", "  ", " ", " ", " ", "👍🏽", "🇮🇱", "\u{01}", "Qatar2024", "2024Qatar", "abcdefghijklmnopq",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh", "mé", "é", "\u{0301}", "ΟΔΥΣΣΕΥΣ", "Οδυσσευς", "Հայաստան",
        "مُحَمَّد", "ǅemal", "ŉ", "ﬀ", "Ωmega",
    ] + longWords

    /// Words past `Scanner.maxTokenBytes`, which get no id on either path.
    static let longWords = [String(repeating: "я", count: 300), String(repeating: "Ab", count: 300)]

    static func text(_ rng: inout SeededGenerator, pieces count: Int) -> String {
        var text = ""
        for _ in 0..<count {
            text += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
            if Bool.random(using: &rng) { text += " " }
        }
        return text
    }

    /// Folded words, ids and spans, as the given path produces them.
    private func scan(_ text: String, fast: Bool, table: TokenTable) -> [String] {
        var copy = text
        var tokens: [ScannedToken] = []
        var cache = FoldCache()
        var resolver = LookupResolver(table: table.view)
        var described: [String] = []
        copy.withUTF8 { utf8 in
            Scanner.scan(utf8, resolver: &resolver, cache: &cache, into: &tokens, fastPaths: fast)
        }
        for token in tokens {
            described.append("\(token.id) \(token.shape.rawValue) \(token.byteStart)-\(token.byteEnd) \(token.scalarStart)-\(token.scalarEnd)")
        }
        return described
    }

    @Test(arguments: 0..<200)
    func fastPathsAgreeWithGeneralPath(seed: Int) {
        var rng = SeededGenerator(state: UInt64(seed) &* 104_729 &+ 3)
        // Half the pieces are vocabulary words, so known words, gaps and line breaks all occur.
        var vocabulary = TokenTableBuilder()
        var cache = FoldCache()
        for piece in Self.pieces where Bool.random(using: &rng) {
            var copy = piece
            var scanned: [ScannedToken] = []
            copy.withUTF8 { Scanner.scan($0, resolver: &vocabulary, cache: &cache, into: &scanned, fastPaths: false) }
        }
        let table = vocabulary.freeze()
        let text = Self.text(&rng, pieces: Int.random(in: 1...60, using: &rng))
        #expect(scan(text, fast: true, table: table) == scan(text, fast: false, table: table), "\(text.debugDescription)")
        // An over-long word has no folded form (`TextNormalizer` reports its lower-cased text and
        // `isTooLong`), so texts with one are left to the comparison above.
        if let general = generalFolded(text) {
            #expect(TextNormalizer.tokens(in: text).map(\.folded) == general, "\(text.debugDescription)")
        }
    }

    /// The folded words of the general path, for `TextNormalizer.tokens` (fast path); nil when a
    /// word is too long to get one.
    private func generalFolded(_ text: String) -> [String]? {
        var copy = text
        var collector = Collector()
        var cache = FoldCache()
        var tokens: [ScannedToken] = []
        copy.withUTF8 {
            Scanner.scan($0, resolver: &collector, cache: &cache, into: &tokens, fastPaths: false, keepsTrailingGap: true)
        }
        let words = tokens.filter { $0.id != ScannedToken.breakID }
        if words.contains(where: { $0.id < 0 }) { return nil }
        return words.map { collector.words[Int($0.id)] }
    }

    private struct Collector: TokenResolver {
        var words: [String] = []
        mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
            words.append(String(decoding: bytes, as: UTF8.self))
            return Int32(words.count - 1)
        }
    }
}
