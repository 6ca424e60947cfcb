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

}
