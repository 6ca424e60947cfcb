/// Where in an alias a word read through a rule may stand.
enum ReadingPlace: UInt8, Sendable {
    case first, last, any
}

/// One way of reading a text word as an alias word: an affix of a table, and what the affix
/// stands for on the alias side (nothing, or the letters it replaced).
struct ReadingRule: Sendable {
    var table: String
    var side: AffixTable.Side
    var affix: String
    var restored: String
    var place: ReadingPlace
    var needsCapital: Bool

    /// What `--explain` shows: `ו + חמאס`, `Israel + German genitive -s`.
    func describe(alias: String) -> String {
        switch side {
        case .prefix:
            return restored.isEmpty ? "\(affix) + \(alias)" : "\(affix) + \(alias) (\(restored) merged into \(affix))"
        case .suffix:
            return restored.isEmpty ? "\(alias) + \(table) -\(affix)" : "\(alias) + \(table) -\(affix) for -\(restored)"
        }
    }
}

/// A word shape lookup: the matcher's vocabulary, or a set of alias words for the lint.
protocol WordLookup {
    func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32
}

extension TokenTableView: WordLookup {
    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 { lookup(bytes) }
}

/// An affix table compiled for the scanner: a byte trie over the folded affixes (read from the
/// word's end for suffixes), each affix node listing what to try in the vocabulary. A word is
/// read through a rule only when what remains (with what the affix replaced) is exactly a
/// vocabulary word, so `Qatari` never reads as `Qatar` and `Катарина` never as `Катар`.
final class AffixTrie: Sendable {
    private struct Node: Sendable {
        var edgeBytes: [UInt8] = []
        var edgeTargets: [Int32] = []
        /// Folded alias-side letters to add to the remainder, with the rule each stands for.
        var candidates: [(restore: [UInt8], rule: UInt16)] = []
    }

    let side: AffixTable.Side
    private let nodes: [Node]
    private let stemMustNotEnd: [[UInt8]]

    init(_ table: AffixTable, firstRule: Int, register: (ReadingRule) -> Void) {
        side = table.side
        var nodes = [Node()]
        var rule = firstRule
        for (affix, restores) in table.entries {
            var bytes = Array(TextNormalizer.foldedKey(affix).utf8)
            if table.side == .suffix { bytes.reverse() }
            var node = 0
            for byte in bytes {
                if let edge = nodes[node].edgeBytes.firstIndex(of: byte) {
                    node = Int(nodes[node].edgeTargets[edge])
                } else {
                    nodes.append(Node())
                    nodes[node].edgeBytes.append(byte)
                    nodes[node].edgeTargets.append(Int32(nodes.count - 1))
                    node = nodes.count - 1
                }
            }
            for restore in restores {
                nodes[node].candidates.append((Array(TextNormalizer.foldedKey(restore).utf8), UInt16(rule)))
                register(ReadingRule(table: table.name, side: table.side, affix: affix, restored: restore,
                                     place: table.place, needsCapital: table.needsCapital))
                rule += 1
            }
        }
        self.nodes = nodes
        stemMustNotEnd = table.stemMustNotEnd.map { Array(TextNormalizer.foldedKey($0).utf8) }
    }

    /// The first reading of `word` (folded bytes) that is a word of `lookup`: its id and rule.
    /// Shorter affixes are tried first (`מהמוסד` is מ + `המוסד` when that is the alias).
    func read<L: WordLookup>(_ word: UnsafeBufferPointer<UInt8>, in lookup: L) -> (id: Int32, rule: UInt16)? {
        let count = word.count
        guard count >= 3, count <= Scanner.maxTokenBytes else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Scanner.maxTokenBytes + 32) { scratch in
            guard let buffer = scratch.baseAddress else { return nil }
            var node = 0
            var step = 0
            while step < count {
                let index = side == .prefix ? step : count - 1 - step
                let byte = word[index]
                guard let edge = nodes[node].edgeBytes.firstIndex(of: byte) else { return nil }
                node = Int(nodes[node].edgeTargets[edge])
                step += 1
                guard !nodes[node].candidates.isEmpty else { continue }
                // The affix must end on a letter boundary.
                let rest: Range<Int>
                if side == .prefix {
                    guard step == count || word[step] & 0xC0 != 0x80 else { continue }
                    rest = step..<count
                } else {
                    guard byte & 0xC0 != 0x80 else { continue }
                    rest = 0..<index
                }
                guard Self.letters(word, rest) >= 2 else { continue }
                if side == .suffix && stemMustNotEnd.contains(where: { Self.ends(word, rest, with: $0) }) { continue }
                for (restore, rule) in nodes[node].candidates {
                    let length = rest.count + restore.count
                    guard length <= Scanner.maxTokenBytes else { continue }
                    let restStart = side == .prefix ? restore.count : 0
                    for offset in rest { buffer[restStart + offset - rest.lowerBound] = word[offset] }
                    let restoreStart = side == .prefix ? 0 : rest.count
                    for (offset, letter) in restore.enumerated() { buffer[restoreStart + offset] = letter }
                    for offset in length..<(length + 8) { buffer[offset] = 0 }
                    let id = lookup.id(of: UnsafeBufferPointer(start: buffer, count: length))
                    if id >= 0 { return (id, rule) }
                }
            }
            return nil
        }
    }

    private static func letters(_ word: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var letters = 0
        for index in range where word[index] & 0xC0 != 0x80 { letters += 1 }
        return letters
    }

    private static func ends(_ word: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, with tail: [UInt8]) -> Bool {
        guard range.count >= tail.count else { return false }
        let start = range.upperBound - tail.count
        for (offset, byte) in tail.enumerated() where word[start + offset] != byte { return false }
        return true
    }
}

/// Every affix table compiled once per process, with the rules they stand for (a token's
/// `reading` is an index into `rules`, plus one).
final class Readings: Sendable {
    static let shared = Readings()

    let rules: [ReadingRule]
    let hebrew: AffixTrie
    let arabic: AffixTrie
    private let languages: [String: AffixTrie]

    private init() {
        var rules: [ReadingRule] = []
        func compile(_ table: AffixTable) -> AffixTrie {
            AffixTrie(table, firstRule: rules.count + 1) { rules.append($0) }
        }
        hebrew = compile(AffixTables.hebrew)
        arabic = compile(AffixTables.arabic)
        var languages: [String: AffixTrie] = [:]
        for code in AffixTables.languages {
            if let table = AffixTables.language(code) { languages[code] = compile(table) }
        }
        self.languages = languages
        self.rules = rules
    }

    /// The suffix rules of a declared language (`de`, `ru`, `uk`), nil for the others.
    func language(_ code: String?) -> AffixTrie? {
        code.flatMap { languages[$0] }
    }

    func rule(_ reading: UInt16) -> ReadingRule? {
        reading == 0 || Int(reading) > rules.count ? nil : rules[Int(reading) - 1]
    }

    /// The script's proclitic rules for a word, by its first byte: Hebrew letters are U+05D0 ..
    /// (lead byte D7), Arabic-script letters U+0600–U+06FF (D8–DB).
    @inline(__always)
    func script(lead: UInt8) -> AffixTrie? {
        if lead == 0xD7 { return hebrew }
        if lead &- 0xD8 < 4 { return arabic }
        return nil
    }
}

/// The matcher's resolver: a text word is looked up as it is, and only when no alias uses it,
/// read through the script's proclitic rules and the item language's suffix rules. Words of
/// other scripts in items without a language with rules cost one compare more than a lookup.
struct ReadingResolver: TokenResolver {
    let table: TokenTableView
    let scripts: Bool
    let language: AffixTrie?
    private(set) var reading: UInt16 = 0

    init(table: TokenTableView, scripts: Bool, language: AffixTrie?) {
        self.table = table
        self.scripts = scripts
        self.language = language
    }

    @inline(__always)
    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        reading = 0
        let id = table.lookup(bytes)
        guard id < 0, bytes.count >= 3 else { return id }
        if language == nil && !(scripts && bytes[0] &- 0xD7 < 5) { return id }
        return derive(bytes)
    }

    @inline(never)
    private mutating func derive(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let trie = scripts ? Readings.shared.script(lead: bytes[0]) ?? language : language
        guard let trie, let (id, rule) = trie.read(bytes, in: table) else { return ScannedToken.unknownID }
        reading = rule
        return id
    }
}
