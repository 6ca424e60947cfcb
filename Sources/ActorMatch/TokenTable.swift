/// The alias vocabulary: folded token bytes → dense `Int32` ids, in an open-addressing table.
/// Built once; looking up a text word costs one hash probe and, on a hash hit, one byte compare.
struct TokenTableBuilder: TokenResolver {
    private(set) var hashes: [UInt64] = []
    private(set) var offsets: [Int32] = []
    private(set) var lengths: [Int32] = []
    private(set) var arena: [UInt8] = []
    /// The first eight bytes of each word, zero-padded, as the frozen table's slots hold them.
    private(set) var prefixes: [UInt64] = []
    /// Each slot packs the word's hash fingerprint (high half) and `id + 1` (low half; 0 = empty),
    /// so a lookup of a word no alias uses usually touches one cache line.
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)

    var count: Int { hashes.count }

    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = bytes.baseAddress else { return ScannedToken.unknownID }
        let hash = TokenHash.of(base, length: bytes.count)
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
        let loaded = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        prefixes.append(bytes.count >= 8 ? loaded : loaded & (UInt64.max >> UInt64(64 - 8 * bytes.count)))
        slots[slot] = TokenTableBuilder.packed(hash: hash, id: id)
        if hashes.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return id
    }

    /// The folded bytes of word `id`.
    func word(_ id: Int) -> ArraySlice<UInt8> {
        arena[Int(offsets[id])..<(Int(offsets[id]) + Int(lengths[id]))]
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
