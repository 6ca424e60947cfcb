/// Deterministic alert ids: `StableHash` over the feed URL, the item key and the sorted actor
/// ids, as 32 hex digits.
public enum AlertID {
    public static func make(feedURL: String, itemKey: String, actorIDs: [String]) -> String {
        StableHash.hex([feedURL, itemKey] + actorIDs.sorted())
    }
}

/// 128-bit FNV-1a over a list of strings: stable across runs, processes and machines (unlike
/// Swift's `Hasher`, which is seeded per process).
///
/// A cryptographic hash is not needed: ids and content fingerprints only tell apart values that
/// nobody chooses to collide, and FNV needs no dependency.
public enum StableHash {
    public static func value(_ parts: [String]) -> UInt128 {
        var hasher = StableHasher()
        for part in parts { hasher.combine(part) }
        return hasher.value
    }

    /// 32 hex digits.
    public static func hex(_ parts: [String]) -> String {
        hex(value(parts))
    }

    public static func hex(_ value: UInt128) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 32 - hex.count) + hex
    }

    /// The low 64 bits, for compact fingerprints stored as SQLite integers.
    public static func value64(_ parts: [String]) -> UInt64 {
        UInt64(truncatingIfNeeded: value(parts))
    }
}

/// `StableHash` fed piece by piece, for values too large to gather into strings first (the
/// watchlist fingerprint: 100,000 actors). A part may be written in several `append` calls and is
/// closed by `endPart`; `combine` is a whole part. The result equals `StableHash.value` of the
/// same parts.
public struct StableHasher {
    private static let offset: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
    private static let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013B
    public private(set) var value: UInt128 = StableHasher.offset

    public init() {}

    public mutating func append(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt128(byte)
            value = value &* Self.prime
        }
    }

    /// A separator byte that UTF-8 text never contains keeps ("ab","c") apart from ("a","bc").
    public mutating func endPart() {
        value ^= 0xFF
        value = value &* Self.prime
    }

    public mutating func combine(_ part: String) {
        append(part)
        endPart()
    }
}
