/// Eight-bytes-at-a-time (SWAR) byte tests for the text scanners, on little-endian loads. A mask
/// has 0x80 set in every byte that matches; the lowest set bit is always a real match, but a
/// borrow can also set bits in bytes above a match. Callers therefore only use the lowest set bit
/// (`firstOffset`), or treat any other set bit as a reason to look at that byte one at a time.
enum ByteMask {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// 0x80 in each byte of `word` that is zero (and possibly in bytes above one).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }

    /// 0x80 in each byte of `word` below `limit`, at most 0x80 (and possibly in bytes above one).
    @inline(__always)
    static func lessThan(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highBits
    }

    /// 0x80 in each byte of `word` that equals `byte` (and possibly in bytes above one).
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        zeroBytes(word ^ (ones &* UInt64(byte)))
    }

    /// The byte offset of the lowest match in a non-zero mask.
    @inline(__always)
    static func firstOffset(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount &>> 3
    }
}
