/// Eight-bytes-at-a-time (SWAR) byte tests for the text scanners. Every mask has 0x80 set in
/// exactly the bytes that match (the arithmetic never carries from one byte into the next), so the
/// lowest set bit of a mask locates the first match in a little-endian load.
enum ByteMask {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// 0x80 in each byte of `word` that is zero.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        ~(((word & lowBits) &+ lowBits) | word) & highBits
    }

    /// 0x80 in each byte of `word` that equals `byte`.
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
