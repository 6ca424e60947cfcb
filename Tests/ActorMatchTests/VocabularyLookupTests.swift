@testable import ActorMatch
import Testing

/// The frozen vocabulary verifies words of up to eight bytes from the slot alone and longer ones
/// against the arena: every member must be found with its id, and nothing else, including words
/// that share a first eight bytes or differ only in length.
struct VocabularyLookupTests {
    static let members = ["a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghij", "abcdefghik", "россия",
                          "οδυσσευσ", String(repeating: "x", count: 512), "2024", "東"]
    static let strangers = ["b", "abc", "abcdefgi", "abcdefghijk", "abcdefghih", "abcdefgh0", "росси",
                            String(repeating: "x", count: 511), "2025", "京", "aa"]

    /// Looks `word` up as the scanner does, from a buffer with slack after the word.
    private func lookup(_ word: String, _ table: TokenTable) -> Int32 {
        var buffer = [UInt8](repeating: 0xAA, count: Scanner.maxTokenBytes + 8)
        let bytes = Array(word.utf8)
        buffer.replaceSubrange(0..<bytes.count, with: bytes)
        return buffer.withUnsafeBufferPointer { padded in
            guard let base = padded.baseAddress else { return ScannedToken.unknownID }
            let token = UnsafeBufferPointer(start: base, count: bytes.count)
            return table.view.lookup(token)
        }
    }

    @Test func membersAndOnlyMembersAreFound() {
        var builder = TokenTableBuilder()
        var ids: [String: Int32] = [:]
        for word in Self.members {
            var bytes = Array(word.utf8) + Array(repeating: 0, count: 8)
            ids[word] = bytes.withUnsafeMutableBufferPointer { padded in
                guard let base = padded.baseAddress else { return ScannedToken.unknownID }
                let count = padded.count - 8
                return builder.resolve(UnsafeBufferPointer(start: base, count: count))
            }
        }
        let table = builder.freeze()
        for word in Self.members { #expect(lookup(word, table) == ids[word], "\(word.prefix(20))") }
        for word in Self.strangers { #expect(lookup(word, table) == ScannedToken.unknownID, "\(word.prefix(20))") }
    }
}
