import Foundation

/// One slot of the frozen vocabulary table: the word's first eight bytes and, packed, a 16-bit
/// hash fingerprint, its length and `id + 1` (0 = empty). Words of up to eight bytes (most alias
/// words) are verified from the slot alone: one cache miss per known word, not three.
struct VocabularySlot: BitwiseCopyable, Equatable {
    var prefix: UInt64
    var meta: UInt64

    static let empty = VocabularySlot(prefix: 0, meta: 0)

    /// The fingerprint and length half of `meta`, as a lookup compares it.
    @inline(__always)
    static func key(hash: UInt64, length: Int) -> UInt64 {
        (hash & 0xFFFF_0000_0000_0000) | UInt64(truncatingIfNeeded: length) << 32
    }
}

/// The frozen vocabulary, shared by every match call.
final class TokenTable: Sendable {
    let count: Int
    let mask: Int
    let slots: FrozenArray<VocabularySlot>
    /// A one-hash Bloom filter over the vocabulary, about 8 bits per word: small enough to stay in
    /// cache, it turns away most words no alias uses without touching the (large) slot table. It
    /// is keyed by the word's first eight bytes and length with one multiply, so the full hash is
    /// computed only for words that pass.
    let filter: FrozenArray<UInt64>
    let filterShift: UInt64
    /// Arena offset of each word, for the bytes past the first eight of longer words.
    let offsets: FrozenArray<Int32>
    let arena: FrozenArray<UInt8>

    /// From its parts, as an archive stored them (`MatchIndex.archive`).
    init(count: Int, mask: Int, slots: FrozenArray<VocabularySlot>, filter: FrozenArray<UInt64>, filterShift: UInt64,
         offsets: FrozenArray<Int32>, arena: FrozenArray<UInt8>) {
        self.count = count
        self.mask = mask
        self.slots = slots
        self.filter = filter
        self.filterShift = filterShift
        self.offsets = offsets
        self.arena = arena
    }

    init(builder: TokenTableBuilder, slots source: [UInt64]) {
        count = builder.count
        mask = source.count - 1
        slots = FrozenArray(source.map { packed -> VocabularySlot in
            guard packed != 0 else { return .empty }
            let id = Int(packed & 0xFFFF_FFFF) - 1
            return VocabularySlot(prefix: builder.prefixes[id],
                                  meta: VocabularySlot.key(hash: builder.hashes[id], length: Int(builder.lengths[id]))
                                      | UInt64(UInt32(id) + 1))
        })
        var shift: UInt64 = 64 - 12
        while 1 << (64 - shift) < builder.count * 8 { shift -= 1 }
        var words = [UInt64](repeating: 0, count: 1 << (64 - shift) / 64)
        for id in 0..<builder.count {
            let bit = TokenTable.filterBit(prefix: builder.prefixes[id], length: Int(builder.lengths[id]), shift: shift)
            words[Int(bit >> 6)] |= 1 << (bit & 63)
        }
        filter = FrozenArray(words)
        filterShift = shift
        offsets = FrozenArray(builder.offsets)
        arena = FrozenArray(builder.arena)
    }

    /// The filter bit of a word: multiplicative hashing of its first eight bytes and length.
    @inline(__always)
    static func filterBit(prefix: UInt64, length: Int, shift: UInt64) -> UInt64 {
        ((prefix &+ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15) >> shift
    }

    /// The raw storage, read once per call rather than once per word.
    var view: TokenTableView {
        TokenTableView(mask: mask, slots: slots.base, filter: filter.base, filterShift: filterShift,
                       offsets: offsets.base, arena: arena.base)
    }
}

/// Borrowed pointers into a `TokenTable`; valid while the table is alive (the matcher holds it for
/// the whole call).
struct TokenTableView {
    let mask: Int
    let slots: UnsafeMutablePointer<VocabularySlot>
    let filter: UnsafeMutablePointer<UInt64>
    let filterShift: UInt64
    let offsets: UnsafeMutablePointer<Int32>
    let arena: UnsafeMutablePointer<UInt8>

    /// `bytes` is the scanner's token buffer, readable eight bytes past its start whatever the
    /// word's length (the bytes after the word are masked off).
    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = bytes.baseAddress else { return ScannedToken.unknownID }
        let length = bytes.count
        let loaded = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        let prefix = length >= 8 ? loaded : loaded & (UInt64.max >> UInt64(64 - 8 * length))
        let bit = TokenTable.filterBit(prefix: prefix, length: length, shift: filterShift)
        if filter[Int(bit >> 6)] & (1 << (bit & 63)) == 0 { return ScannedToken.unknownID }
        // Short words (most alias words) hash from the register, exactly as `TokenHash.of` would.
        let hash = length <= 8 ? TokenHash.of(chunk: prefix, length: length) : TokenHash.of(base, length: length)
        let key = VocabularySlot.key(hash: hash, length: length)
        var slot = TokenTableBuilder.slot(for: hash, mask: mask)
        while true {
            let entry = slots[slot]
            if entry.meta == 0 { return ScannedToken.unknownID }
            if entry.meta & 0xFFFF_FFFF_0000_0000 == key && entry.prefix == prefix {
                let id = Int(entry.meta & 0xFFFF_FFFF) - 1
                if length <= 8 || memcmp(arena + Int(offsets[id]) + 8, base + 8, length - 8) == 0 {
                    return Int32(id)
                }
            }
            slot = (slot + 1) & mask
        }
    }
}

/// The matcher's resolver: text words are looked up, never added.
struct LookupResolver: TokenResolver {
    let table: TokenTableView
    @inline(__always)
    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        table.lookup(bytes)
    }
}
