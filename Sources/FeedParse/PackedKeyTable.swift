/// A small open-addressing map from 64-bit keys (packed short names, or name hashes) to values,
/// using one multiplication to hash. `Dictionary` hashes every lookup with seeded SipHash, which
/// showed up in profiles for per-tag and per-reference lookups. Built once, then read-only.
struct PackedKeyTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value?]
    private var occupied: [Bool]
    private let shift: UInt64

    init(_ pairs: [(UInt64, Value)]) {
        var bits: UInt64 = 4
        while (1 << bits) < pairs.count * 2 { bits += 1 }
        let size = 1 << Int(bits)
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: nil, count: size)
        occupied = Array(repeating: false, count: size)
        shift = 64 - bits
        for (key, value) in pairs {
            var slot = self.slot(key)
            while occupied[slot], keys[slot] != key { slot = (slot + 1) & (size - 1) }
            keys[slot] = key
            values[slot] = value
            occupied[slot] = true
        }
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inline(__always)
    subscript(key: UInt64) -> Value? {
        var slot = self.slot(key)
        let mask = keys.count - 1
        while occupied[slot] {
            if keys[slot] == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }
}
