/// The HTML5 named character references, indexed for lookups straight from document bytes (no
/// `String` per reference): a 64-bit FNV-1a hash of the name picks a slot, the stored name
/// confirms it.
struct HTMLEntityTable: Sendable {
    static let shared = HTMLEntityTable(source: htmlEntitySource)

    /// One reference: its name without `&`/`;` and the UTF-8 text it stands for.
    struct Entry: Sendable {
        let name: [UInt8]
        let value: [UInt8]
        let scalars: [UInt32]
    }

    private(set) var entries: [Entry] = []
    /// Names written with `;` (all of them); the index into `entries`, by name hash.
    private var terminated = PackedKeyTable<Int>([])
    /// The legacy names HTML also accepts without `;` (`&amp`, `&copy`, ...).
    private var legacy = PackedKeyTable<Int>([])

    /// The longest legacy name (`&middot`, `&plusmn`, ...), which bounds prefix matching.
    static let longestLegacyName = 6

    init(source: String) {
        var terminatedPairs: [(UInt64, Int)] = []
        var legacyPairs: [(UInt64, Int)] = []
        for line in source.utf8.split(separator: UInt8(ascii: "\n")) {
            guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { continue }
            var name = Array(line[line.startIndex..<space])
            let isTerminated = name.last == UInt8(ascii: ";")
            if isTerminated { name.removeLast() }
            var value: [UInt8] = []
            var scalars: [UInt32] = []
            for hex in line[line.index(after: space)...].split(separator: UInt8(ascii: ",")) {
                guard let code = UInt32(String(decoding: hex, as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(code) else { continue }
                scalars.append(code)
                value.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            let hash = Self.hash(name)
            if isTerminated {
                terminatedPairs.append((hash, entries.count))
            } else {
                legacyPairs.append((hash, entries.count))
            }
            entries.append(Entry(name: name, value: value, scalars: scalars))
        }
        terminated = PackedKeyTable(terminatedPairs)
        legacy = PackedKeyTable(legacyPairs)
    }

    /// The replacement for `name` (without `&`), written with a `;` when `semicolon` is true.
    func lookup(_ name: UnsafeBufferPointer<UInt8>, semicolon: Bool) -> Entry? {
        guard let index = (semicolon ? terminated : legacy)[Self.hash(name)] else { return nil }
        let entry = entries[index]
        guard entry.name.count == name.count, entry.name.elementsEqual(name) else { return nil }
        return entry
    }

    /// Every name that is valid with a `;`, which is the form an XML document can use.
    var terminatedEntries: [Entry] {
        entries.indices.filter { terminated[Self.hash(entries[$0].name)] == $0 }.map { entries[$0] }
    }

    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        FNV1a.hash(bytes)
    }
}
