/// Letters and marks encoded in two UTF-8 bytes (U+0080–U+07FF: Latin with diacritics, Greek,
/// Cyrillic, Armenian, Hebrew, Arabic) packed into one word each, so the scanner folds them with
/// one load instead of walking `FoldTable`'s unit lists. Only scalars that fold to a single word
/// unit of at most four bytes get an entry; the rest (separators, ignorables, multi-unit folds)
/// keep the general path.
struct TwoByteFold {
    /// Bits 0–31: folded UTF-8 (little-endian); 32–39: its length; 40–47: `FoldUnit.Letter`;
    /// bit 63: the entry is usable. Zero means "take the general path".
    let raw: UInt64

    static let firstValue: UInt32 = 0x80
    static let count = 0x800 - 0x80

    @inline(__always) var isSimple: Bool { raw >> 63 != 0 }
    @inline(__always) var folded: UInt32 { UInt32(truncatingIfNeeded: raw) }
    @inline(__always) var byteCount: Int { Int(truncatingIfNeeded: (raw >> 32) & 0xFF) }
    @inline(__always) var letter: FoldUnit.Letter { FoldUnit.Letter(rawValue: UInt8(truncatingIfNeeded: raw >> 40)) ?? .none }

    /// Entries for U+0080 ..< U+0800, from `FoldTable`'s units of the same scalars (its slots
    /// start at U+0080, so slot = value - 0x80 here).
    static func makeTable(unitStart: UnsafePointer<UInt32>, units: UnsafePointer<PackedUnit>,
                          bytes: UnsafePointer<UInt8>) -> UnsafeMutablePointer<TwoByteFold> {
        let entries = UnsafeMutablePointer<TwoByteFold>.allocate(capacity: count)
        for slot in 0..<count {
            var raw: UInt64 = 0
            let first = Int(unitStart[slot]), last = Int(unitStart[slot + 1])
            if last - first == 1, case let unit = units[first], unit.kind == .tokenChar, unit.byteCount <= 4 {
                var folded: UInt64 = 0
                for index in 0..<Int(unit.byteCount) {
                    folded |= UInt64(bytes[Int(unit.byteStart) + index]) << (8 * UInt64(index))
                }
                raw = 1 << 63 | UInt64(unit.letter.rawValue) << 40 | UInt64(unit.byteCount) << 32 | folded
            }
            (entries + slot).initialize(to: TwoByteFold(raw: raw))
        }
        return entries
    }
}
