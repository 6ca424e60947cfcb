/// One token of a field as the scanner saw it: where it is, how it was written, which alias
/// vocabulary word it is (if any). Phrase breaks (line breaks) are tokens with `id == breakID`.
struct ScannedToken: Sendable {
    static let unknownID: Int32 = -1
    static let breakID: Int32 = -2

    var id: Int32
    var shape: Shape
    var byteStart: Int32
    var byteEnd: Int32
    var scalarStart: Int32
    var scalarEnd: Int32

    /// How the token's letters were written before folding, for smart-case checks.
    struct Shape: OptionSet, Sendable, Hashable {
        var rawValue: UInt8
        static let hasLetter = Shape(rawValue: 1)
        static let firstUpper = Shape(rawValue: 2)
        static let firstUncased = Shape(rawValue: 4)
        static let hasLower = Shape(rawValue: 8)
        static let multiLetter = Shape(rawValue: 16)
        static let nonASCII = Shape(rawValue: 32)
    }
}

/// Turns a folded token into an id. The matcher's resolver only looks words up (text words that
/// no alias uses get `unknownID` cheaply); the builder's resolver adds them.
protocol TokenResolver {
    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32
}

/// FNV-1a, fed one byte at a time while the scanner folds, so a token's hash is ready when it ends.
enum TokenHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always)
    static func add(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }

    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = seed
        for byte in bytes { hash = add(hash, byte) }
        return hash
    }
}
