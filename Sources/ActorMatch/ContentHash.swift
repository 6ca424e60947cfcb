/// A fast 64-bit hash of bytes, fed in pieces (four independent multiply-rotate lanes over
/// 32-byte blocks, then a final mix): it recognises an unchanged watchlist and checks a cache file
/// for damage at memory speed while the file streams through. Not cryptographic: the cache it
/// guards lives in the daemon's own state folder.
public struct ContentHasher {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9

    private var lanes: (UInt64, UInt64, UInt64, UInt64)
    /// Bytes of an unfinished block (fewer than 32).
    private var pending: [UInt8] = []
    private var total: UInt64 = 0

    public init(seed: UInt64 = 0) {
        lanes = (seed &+ Self.prime1 &+ Self.prime2, seed &+ Self.prime2, seed, seed &- Self.prime1)
        pending.reserveCapacity(32)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        total &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            offset = min(32 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: offset))
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { block in
                if let start = block.baseAddress { consume(start) }
            }
            pending.removeAll(keepingCapacity: true)
        }
        while offset + 32 <= bytes.count {
            consume(base + offset)
            offset += 32
        }
        pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset))
    }

    /// The hash of everything fed so far.
    public func finish() -> UInt64 {
        var hash = Self.rotate(lanes.0, 1) &+ Self.rotate(lanes.1, 7) &+ Self.rotate(lanes.2, 12) &+ Self.rotate(lanes.3, 18)
        hash ^= total
        for byte in pending { hash = (hash ^ UInt64(byte)) &* Self.prime3 }
        hash ^= hash >> 33
        hash = hash &* Self.prime2
        hash ^= hash >> 29
        hash = hash &* Self.prime3
        return hash ^ (hash >> 32)
    }

    @inline(__always)
    private mutating func consume(_ block: UnsafeRawPointer) {
        lanes.0 = Self.round(lanes.0, block.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        lanes.1 = Self.round(lanes.1, block.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        lanes.2 = Self.round(lanes.2, block.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        lanes.3 = Self.round(lanes.3, block.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    @inline(__always)
    private static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        rotate(lane &+ UInt64(littleEndian: word) &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }
}

public enum ContentHash {
    public static func of(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var hasher = ContentHasher(seed: seed)
        hasher.update(bytes)
        return hasher.finish()
    }

    /// 128 bits as two hashes with different seeds: an unchanged watchlist is recognised by this.
    public static func wide(_ bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        (of(bytes, seed: 0), of(bytes, seed: 0x5851_F42D_4C95_7F2D))
    }
}
