import Foundation

/// The alias vocabulary: folded token bytes → dense `Int32` ids, in an open-addressing table.
/// Built once; looking up a text word costs one hash probe and, on a hash hit, one byte compare.
struct TokenTableBuilder: TokenResolver {
    private(set) var hashes: [UInt64] = []
    private(set) var offsets: [Int32] = []
    private(set) var lengths: [Int32] = []
    private(set) var arena: [UInt8] = []
    private var slots: [Int32] = Array(repeating: -1, count: 1024)

    var count: Int { hashes.count }

    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let mask = slots.count - 1
        var slot = TokenTableBuilder.slot(for: hash, mask: mask)
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == hash && equals(Int(id), bytes) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        hashes.append(hash)
        offsets.append(Int32(arena.count))
        lengths.append(Int32(bytes.count))
        arena.append(contentsOf: bytes)
        slots[slot] = id
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
        slots = Array(repeating: -1, count: capacity)
        let mask = capacity - 1
        for (id, hash) in hashes.enumerated() {
            var slot = TokenTableBuilder.slot(for: hash, mask: mask)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    @inline(__always)
    static func slot(for hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The folded bytes of a word, for explanations and lint messages.
    func bytes(of id: Int32) -> ArraySlice<UInt8> {
        let start = Int(offsets[Int(id)])
        return arena[start..<(start + Int(lengths[Int(id)]))]
    }

    func freeze() -> TokenTable { TokenTable(builder: self, slots: slots) }
}

/// The frozen vocabulary, shared by every match call.
final class TokenTable: Sendable {
    let count: Int
    private let mask: Int
    private let slots: FrozenArray<Int32>
    private let hashes: FrozenArray<UInt64>
    private let offsets: FrozenArray<Int32>
    private let lengths: FrozenArray<Int32>
    private let arena: FrozenArray<UInt8>

    fileprivate init(builder: TokenTableBuilder, slots source: [Int32]) {
        count = builder.count
        mask = source.count - 1
        slots = FrozenArray(source)
        hashes = FrozenArray(builder.hashes)
        offsets = FrozenArray(builder.offsets)
        lengths = FrozenArray(builder.lengths)
        arena = FrozenArray(builder.arena)
    }

    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        var slot = TokenTableBuilder.slot(for: hash, mask: mask)
        while true {
            let id = slots[slot]
            if id < 0 { return ScannedToken.unknownID }
            if hashes[Int(id)] == hash && Int(lengths[Int(id)]) == bytes.count,
               let base = bytes.baseAddress, memcmp(arena.base + Int(offsets[Int(id)]), base, bytes.count) == 0 {
                return id
            }
            slot = (slot + 1) & mask
        }
    }
}

/// The matcher's resolver: text words are looked up, never added.
struct LookupResolver: TokenResolver {
    let table: TokenTable
    @inline(__always)
    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        table.lookup(bytes, hash: hash)
    }
}
