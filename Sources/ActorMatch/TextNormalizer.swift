/// The normalisation and tokenisation the matcher applies to text and aliases alike, public so
/// other stages (and tools showing why something matched) see words exactly as the matcher does.
public enum TextNormalizer {
    /// One word of a text.
    public struct Token: Sendable, Hashable {
        /// NFKC, case folded, diacritics and ignorable characters removed: what matching compares.
        public var folded: String
        /// The original text of the word, ignorable characters (soft hyphens...) included.
        public var text: String
        /// Offset and length in Unicode scalars into the text.
        public var offset: Int
        public var length: Int
        /// True for the first word after a line break: phrases never span one.
        public var startsLine: Bool
        /// True for a word whose folded form is longer than the matcher's limit (`maxWordBytes`):
        /// the matcher never matches it, and `folded` is then only its lower-cased text.
        public var isTooLong = false
    }

    /// Longest folded word, in UTF-8 bytes, that the matcher compares; longer ones never match.
    public static let maxWordBytes = Scanner.maxTokenBytes

    /// The words of `text`, in order.
    public static func tokens(in text: String) -> [Token] {
        var collector = Collector()
        var cache = FoldCache()
        var scanned: [ScannedToken] = []
        var copy = text
        var result: [Token] = []
        copy.withUTF8 { utf8 in
            Scanner.scan(utf8, resolver: &collector, cache: &cache, into: &scanned, keepsTrailingGap: true)
            var startsLine = false
            for token in scanned {
                if token.id == ScannedToken.breakID { startsLine = true; continue }
                let original = UnsafeBufferPointer(rebasing: utf8[Int(token.byteStart)..<Int(token.byteEnd)])
                let text = String(decoding: original, as: UTF8.self)
                let tooLong = token.id == ScannedToken.unknownID
                result.append(Token(folded: tooLong ? text.lowercased() : collector.words[Int(token.id)],
                                    text: text, offset: Int(token.scalarStart),
                                    length: Int(token.scalarEnd - token.scalarStart), startsLine: startsLine,
                                    isTooLong: tooLong))
                startsLine = false
            }
        }
        return result
    }

    /// The folded words of `text` joined by single spaces: two texts with the same key contain
    /// the same words as far as matching is concerned (case modes aside).
    public static func foldedKey(_ text: String) -> String {
        tokens(in: text).map(\.folded).joined(separator: " ")
    }

    private struct Collector: TokenResolver {
        var words: [String] = []
        mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
            words.append(String(decoding: bytes, as: UTF8.self))
            return Int32(words.count - 1)
        }
    }
}
