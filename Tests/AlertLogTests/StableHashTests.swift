import AlertLog
import Testing

/// Alert ids and content fingerprints are stored in state files and alert logs: their values must
/// never change between versions.
struct StableHashTests {
    @Test func valuesArePinned() {
        // Computed independently (FNV-1a 128 in Python) when the hash was introduced.
        #expect(StableHash.hex(["https://example.org/feed", "guid:1", "shin-bet"]) == "166db1459c5b71d55a3c5589b033c28a")
        #expect(StableHash.hex([]) == "6c62272e07bb014262b821756295c58d")
        #expect(StableHash.hex(["Türkiye\u{1}smart\u{1}"]) == "bcd4e2965549c8cd1ca8b85f6b6d0058")
    }

    @Test func hasherFedInPiecesEqualsWholeParts() {
        var hasher = StableHasher()
        hasher.combine("smart")
        hasher.append("Türkiye")
        hasher.append("\u{1}")
        hasher.append("")
        hasher.append("smart\u{1}")
        hasher.endPart()
        #expect(hasher.value == StableHash.value(["smart", "Türkiye\u{1}smart\u{1}"]))
        #expect(StableHash.hex(hasher.value) == StableHash.hex(["smart", "Türkiye\u{1}smart\u{1}"]))
    }
}
