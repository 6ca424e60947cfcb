import Foundation

/// The alias vocabulary: folded token bytes → dense `Int32` ids, in an open-addressing table.
/// Built once; looking up a text word costs one hash probe and, on a hash hit, one byte compare.
struct TokenTableBuilder: TokenResolver {
    private(set) var hashes: [UInt64] = []
    private(set) var offsets: [Int32] = []
    private(set) var lengths: [Int32] = []
    private(set) var arena: [UInt8] = []
    /// Each slot packs the word's hash fingerprint (high half) and `id + 1` (low half; 0 = empty),
    /// so a lookup of a word no alias uses usually touches one cache line.
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)

    var count: Int { hashes.count }

    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let mask = slots.count - 1
        var slot = TokenTableBuilder.slot(for: hash, mask: mask)
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let id = Int(entry & 0xFFFF_FFFF) - 1
            if hashes[id] == hash && equals(id, bytes) { return Int32(id) }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        hashes.append(hash)
        offsets.append(Int32(arena.count))
        lengths.append(Int32(bytes.count))
        arena.append(contentsOf: bytes)
        slots[slot] = TokenTableBuilder.packed(hash: hash, id: id)
        if hashes.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return id
    }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(lengths[id]) == bytes.count else { return false }
        let start = Int(offsets[id])
        for (offset, byte) in bytes.enumerated() where arena[start + offset] != byte { return false }
        return true
    }

    private mutating func rehash(capacity: Int) {
        slots = Array(repeating: 0, count: capacity)
        let mask = capacity - 1
        for (id, hash) in hashes.enumerated() {
            var slot = TokenTableBuilder.slot(for: hash, mask: mask)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = TokenTableBuilder.packed(hash: hash, id: Int32(id))
        }
    }

    @inline(__always)
    static func packed(hash: UInt64, id: Int32) -> UInt64 {
        (hash & 0xFFFF_FFFF_0000_0000) | UInt64(UInt32(id) + 1)
    }

    @inline(__always)
    static func slot(for hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    func freeze() -> TokenTable { TokenTable(builder: self, slots: slots) }
}

/// The frozen vocabulary, shared by every match call.
final class TokenTable: Sendable {
    let count: Int
    private let mask: Int
    private let slots: FrozenArray<UInt64>
    /// A one-hash Bloom filter over the vocabulary, about 8 bits per word: small enough to stay in
    /// cache, it turns away most words no alias uses without touching the (large) slot table.
    private let filter: FrozenArray<UInt64>
    private let filterMask: UInt64
    /// Arena offset << 16 | length of each word: one load to verify a fingerprint hit.
    private let spans: FrozenArray<UInt64>
    private let arena: FrozenArray<UInt8>

    fileprivate init(builder: TokenTableBuilder, slots source: [UInt64]) {
        count = builder.count
        mask = source.count - 1
        slots = FrozenArray(source)
        var bits = 4096
        while bits < builder.count * 8 { bits *= 2 }
        var words = [UInt64](repeating: 0, count: bits / 64)
        for hash in builder.hashes {
            let bit = hash & UInt64(bits - 1)
            words[Int(bit >> 6)] |= 1 << (bit & 63)
        }
        filter = FrozenArray(words)
        filterMask = UInt64(bits - 1)
        spans = FrozenArray(zip(builder.offsets, builder.lengths).map { UInt64($0) << 16 | UInt64($1) })
        arena = FrozenArray(builder.arena)
    }

    /// The raw storage, read once per call rather than once per word.
    var view: TokenTableView {
        TokenTableView(mask: mask, slots: slots.base, filter: filter.base, filterMask: filterMask,
                       spans: spans.base, arena: arena.base)
    }
}

/// Borrowed pointers into a `TokenTable`; valid while the table is alive (the matcher holds it for
/// the whole call).
struct TokenTableView {
    let mask: Int
    let slots: UnsafeMutablePointer<UInt64>
    let filter: UnsafeMutablePointer<UInt64>
    let filterMask: UInt64
    let spans: UnsafeMutablePointer<UInt64>
    let arena: UnsafeMutablePointer<UInt8>

    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let bit = hash & filterMask
        if filter[Int(bit >> 6)] & (1 << (bit & 63)) == 0 { return ScannedToken.unknownID }
        var slot = TokenTableBuilder.slot(for: hash, mask: mask)
        let fingerprint = hash & 0xFFFF_FFFF_0000_0000
        while true {
            let entry = slots[slot]
            if entry == 0 { return ScannedToken.unknownID }
            if entry & 0xFFFF_FFFF_0000_0000 == fingerprint {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                let span = spans[id]
                if Int(span & 0xFFFF) == bytes.count, let base = bytes.baseAddress,
                   memcmp(arena + Int(span >> 16), base, bytes.count) == 0 {
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
    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        table.lookup(bytes, hash: hash)
    }
}
