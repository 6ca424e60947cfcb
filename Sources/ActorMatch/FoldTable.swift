/// One fold unit in packed form: the scanner reads these through raw pointers in its hot loop.
struct PackedUnit: Sendable {
    var kind: FoldUnit.Kind
    var letter: FoldUnit.Letter
    var byteCount: UInt16
    var byteStart: UInt32
}

/// Folds of the non-ASCII scalars news text uses most (Latin, Greek, Cyrillic, Armenian, Hebrew,
/// Arabic, general punctuation, kana, presentation and full-width forms), computed once per
/// process on first use, so normalising text never calls Foundation for them.
///
/// Immutable after `init`; the storage is never freed because the one instance lives as long as
/// the process. That is why `@unchecked Sendable` is sound here.
final class FoldTable: @unchecked Sendable {
    static let shared = FoldTable()

    /// Scalar ranges covered by the table, in table-slot order.
    static let ranges: [ClosedRange<UInt32>] = [0x80...0x30FF, 0xF900...0xFFFF]

    let slotCount: Int
    /// For slot `s`, units `unitStart[s] ..< unitStart[s + 1]`.
    let unitStart: UnsafeMutablePointer<UInt32>
    let units: UnsafeMutablePointer<PackedUnit>
    let bytes: UnsafeMutablePointer<UInt8>
    /// `ByteClass` of every byte value.
    let byteClass: UnsafeMutablePointer<UInt8>
    /// Packed folds of U+0080 ..< U+0800, from `TwoByteFold.firstValue`.
    let twoByte: UnsafeMutablePointer<TwoByteFold>

    private init() {
        byteClass = ByteClass.makeTable()
        var starts: [UInt32] = []
        var packed: [PackedUnit] = []
        var arena: [UInt8] = []
        for range in Self.ranges {
            for value in range {
                starts.append(UInt32(packed.count))
                guard let scalar = Unicode.Scalar(value) else {
                    packed.append(PackedUnit(kind: .separator, letter: .none, byteCount: 0, byteStart: 0))
                    continue
                }
                for unit in ScalarFold.units(for: scalar) {
                    packed.append(PackedUnit(kind: unit.kind, letter: unit.letter,
                                             byteCount: UInt16(unit.folded.count), byteStart: UInt32(arena.count)))
                    arena.append(contentsOf: unit.folded)
                }
            }
        }
        starts.append(UInt32(packed.count))
        slotCount = starts.count - 1
        unitStart = .allocate(capacity: starts.count)
        unitStart.initialize(from: starts, count: starts.count)
        units = .allocate(capacity: packed.count)
        units.initialize(from: packed, count: packed.count)
        bytes = .allocate(capacity: max(arena.count, 1))
        bytes.initialize(from: arena, count: arena.count)
        // Slots start at U+0080, so slot = value - 0x80 for the two-byte range.
        twoByte = TwoByteFold.makeTable(unitStart: unitStart, units: units, bytes: bytes)
    }

    /// The table slot of a scalar value, or nil when the scalar is outside the table.
    @inline(__always)
    func slot(of value: UInt32) -> Int? {
        if value <= 0x30FF { return Int(value) - 0x80 }
        if value >= 0xF900 && value <= 0xFFFF { return Int(value) - 0xF900 + (0x30FF - 0x80 + 1) }
        return nil
    }
}

/// Folds of scalars outside `FoldTable` seen during one call (rare scripts, Han, emoji), so each
/// is computed once per call rather than once per occurrence. Han and Hangul syllables fold to
/// themselves and skip Foundation entirely.
struct FoldCache {
    private var index: [UInt32: (start: Int, count: Int)] = [:]
    private(set) var units: [PackedUnit] = []
    private(set) var bytes: [UInt8] = []

    mutating func lookup(_ value: UInt32) -> (start: Int, count: Int) {
        if let found = index[value] { return found }
        let start = units.count
        let folded: [FoldUnit]
        if let scalar = Unicode.Scalar(value) {
            if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x20000...0x2FA1D).contains(value) && !(0x2F800...0x2FA1F).contains(value) {
                folded = [FoldUnit(kind: .singleToken, letter: .uncased, folded: Array(String(scalar).utf8))]
            } else if (0xAC00...0xD7A3).contains(value) {
                folded = [FoldUnit(kind: .tokenChar, letter: .uncased, folded: Array(String(scalar).utf8))]
            } else {
                folded = ScalarFold.units(for: scalar)
            }
        } else {
            folded = [FoldUnit(kind: .separator, letter: .none, folded: [])]
        }
        for unit in folded {
            units.append(PackedUnit(kind: unit.kind, letter: unit.letter,
                                    byteCount: UInt16(unit.folded.count), byteStart: UInt32(bytes.count)))
            bytes.append(contentsOf: unit.folded)
        }
        let entry = (start: start, count: units.count - start)
        index[value] = entry
        return entry
    }
}
