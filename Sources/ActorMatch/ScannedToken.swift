/// One token of a field as the scanner saw it: where it is, how it was written, which alias
/// vocabulary word it is (if any). Phrase breaks (line breaks) are tokens with `id == breakID`;
/// consecutive unknown words and breaks are kept as a single negative-id gap token.
struct ScannedToken: Sendable {
    static let unknownID: Int32 = -1
    static let breakID: Int32 = -2

    var id: Int32
    var shape: Shape
    /// 0 for a word read as written; else which rule read it as an alias word (`Readings.rule`).
    var reading: UInt16
    var byteStart: Int32
    var byteEnd: Int32
    var scalarStart: Int32
    var scalarEnd: Int32

    /// `reading` sits after `shape` in memory, in its padding, so a token stays 24 bytes.
    init(id: Int32, shape: Shape, byteStart: Int32, byteEnd: Int32, scalarStart: Int32, scalarEnd: Int32,
         reading: UInt16 = 0) {
        self.id = id
        self.shape = shape
        self.reading = reading
        self.byteStart = byteStart
        self.byteEnd = byteEnd
        self.scalarStart = scalarStart
        self.scalarEnd = scalarEnd
    }

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
///
/// `bytes` is the scanner's token buffer: readable eight bytes past its start and past its end,
/// so resolvers load and hash it eight bytes at a time (`TokenHash`). The lookup computes the
/// hash only for words its filter does not turn away, which is most words of a text.
protocol TokenResolver {
    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32
    /// The same for a word the scanner knows to be ASCII letters and digits only.
    mutating func resolveASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32
    /// The rule through which the last word that resolved (id ≥ 0) was read (0: as written).
    var reading: UInt16 { get }
}

extension TokenResolver {
    var reading: UInt16 { 0 }
    @inline(__always)
    mutating func resolveASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 { resolve(bytes) }
}

/// The hash of a folded token, computed from its bytes when the token ends: eight bytes per step
/// rather than a multiply per byte. The builder and the lookup hash the same folded bytes with
/// this one function, whichever scanner path produced them, so their hashes always agree.
enum TokenHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// `bytes` must be readable up to 7 bytes past `length` (the scanner's buffer has that slack);
    /// those bytes are masked off.
    @inline(__always)
    static func of(_ bytes: UnsafePointer<UInt8>, length: Int) -> UInt64 {
        let raw = UnsafeRawPointer(bytes)
        var hash = seed ^ UInt64(truncatingIfNeeded: length)
        var offset = 0
        while offset + 8 <= length {
            hash = mix(hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        let rest = length - offset
        if rest > 0 {
            let tail = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            hash = mix(hash ^ (tail & (UInt64.max >> UInt64(64 - 8 * rest))))
        }
        return finish(hash)
    }

    /// The same hash for a token of 1 to 8 bytes already in a register (little-endian, bytes
    /// past `length` zero).
    @inline(__always)
    static func of(chunk: UInt64, length: Int) -> UInt64 {
        finish(mix(seed ^ UInt64(truncatingIfNeeded: length) ^ chunk))
    }

    /// Final avalanche: the table uses the high half as fingerprint and the low bits for the filter.
    @inline(__always)
    static func finish(_ value: UInt64) -> UInt64 {
        let hash = (value ^ (value >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return hash ^ (hash >> 29)
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        let product = value &* 0x9E37_79B9_7F4A_7C15
        return product ^ (product >> 31)
    }
}
