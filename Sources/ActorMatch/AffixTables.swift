/// The language rules as data: which letters attach to a name, and where. Adding a language is a
/// table here (and its code in `AffixTables.language(_:)`), not a new code path: `Readings` turns
/// every table into the same trie and the scanner's resolver walks it. The rules and their
/// limits are documented per language in `docs/matching.md`.
struct AffixTable: Sendable {
    enum Side: Sendable { case prefix, suffix }

    /// What the rule is called in `--explain` output ("German genitive -s", "Hebrew proclitic").
    var name: String
    var side: Side
    /// Where in an alias a word read through this table may stand: proclitics attach to the
    /// first word of a name, the German genitive to its last, Russian case endings to any word.
    var place: ReadingPlace
    /// Inflection rules apply to capitalised alias words only (names, not common nouns).
    var needsCapital: Bool
    /// Affix as written → what it stands for on the alias side: `""` (nothing: `ו` + `חמאס`),
    /// or letters the affix replaced (`לל` hides the article `ال`; Russian `-я` replaces `-ь`).
    var entries: [(affix: String, restores: [String])]
    /// Alias words ending in these never take the affix (German: `Hamas` takes only an apostrophe).
    var stemMustNotEnd: [String] = []
}

enum AffixTables {
    /// Rules the script itself calls for, whatever the item's declared language.
    static let scripts: [AffixTable] = [hebrew, arabic]

    /// Rules of a declared language (ISO 639-1 primary subtag), if it has any.
    static func language(_ code: String) -> AffixTable? {
        switch code {
        case "de": return german
        case "ru": return russian
        case "uk": return ukrainian
        default: return nil
        }
    }

    /// Every language code with a table, for documentation and `feedwatch check`.
    static let languages = ["de", "ru", "uk"]

    /// ו (and), ש/כש/לכש/מש (that, when), ב/כ/ל/מ (in, as, to, from), ה (the), in that order
    /// (Hspell's prefix grammar). After ב/כ/ל the article is usually not written (`במוסד` is "in
    /// the Mossad"), so those also read as the alias written with ה.
    static let hebrew: AffixTable = {
        var entries: [(affix: String, restores: [String])] = []
        for conjunction in ["", "ו"] {
            for subordinator in ["", "ש", "כש", "לכש", "מש"] {
                for preposition in ["", "ב", "כ", "ל", "מ"] {
                    for article in ["", "ה"] {
                        let affix = conjunction + subordinator + preposition + article
                        guard !affix.isEmpty else { continue }
                        let hidesArticle = article.isEmpty && ["ב", "כ", "ל"].contains(preposition)
                        entries.append((affix, hidesArticle ? ["", "ה"] : [""]))
                    }
                }
            }
        }
        return AffixTable(name: "Hebrew proclitic", side: .prefix, place: .first, needsCapital: false,
                          entries: entries)
    }()

    /// و/ف (and, so), ب/ك/ل (in, as, to), ال (the), in that order (Lucene's light10 prefixes and
    /// their combinations). ل + ال is written `لل`: it reads as the alias with or without ال.
    static let arabic: AffixTable = {
        var entries: [(affix: String, restores: [String])] = []
        for conjunction in ["", "و", "ف"] {
            for preposition in ["", "ب", "ك", "ل"] {
                for article in ["", "ال"] {
                    if preposition == "ل" && article == "ال" {
                        entries.append((conjunction + "لل", ["", "ال"]))
                        continue
                    }
                    let affix = conjunction + preposition + article
                    if !affix.isEmpty { entries.append((affix, [""])) }
                }
            }
        }
        return AffixTable(name: "Arabic proclitic", side: .prefix, place: .first, needsCapital: false,
                          entries: entries)
    }()

    /// The genitive `-s` of names (`Israels`, `Katars`); after a sibilant only an apostrophe,
    /// which already separates words.
    static let german = AffixTable(name: "German genitive", side: .suffix, place: .last, needsCapital: true,
                                   entries: [("s", [""])], stemMustNotEnd: ["s", "x", "z"])

    /// Singular case endings of nouns and of surnames, each replacing the nominative ending it
    /// follows (Lucene's RussianLightStemmer endings, limited to nouns and surnames).
    static let russian = suffixTable("Russian case ending", rows: [
        ("", ["а", "у", "ом", "ем", "е", "ым"]),      // Иран → Ирана, Ираном; Путин → Путиным
        ("ь", ["я", "ю", "ем", "е", "и", "ью"]),      // Израиль → Израиля, Израилем
        ("й", ["я", "ю", "ем", "е", "и"]),            // Китай → Китая
        ("а", ["ы", "и", "е", "у", "ой", "ою", "ей"]), // Хезболла → Хезболлой
        ("я", ["и", "ю", "ей", "ею", "е"]),           // Турция → Турции
        ("о", ["а", "у", "ом", "е"]),
        ("ий", ["ого", "ому", "им", "ом"]),           // Зеленский → Зеленского
        ("ый", ["ого", "ому", "ым", "ом"]),
        ("ой", ["ого", "ому", "ым", "ом"]),
        ("ая", ["ой", "ую"]),                          // Захарова-style adjectives: Зеленская → Зеленской
    ])

    static let ukrainian = suffixTable("Ukrainian case ending", rows: [
        ("", ["а", "у", "ові", "ом", "ем", "і", "е"]),  // Іран → Ірану, Іраном, Ірані
        ("ь", ["я", "ю", "еві", "ем", "і"]),           // Ізраїль → Ізраїлю, Ізраїлем
        ("й", ["я", "ю", "єві", "єм", "ї"]),
        ("а", ["и", "і", "у", "ою", "ої"]),            // Туреччина → Туреччини; Зеленська → Зеленської
        ("я", ["і", "ї", "ю", "ею", "єю"]),
        ("о", ["а", "у", "ом", "ові", "і"]),
        ("ий", ["ого", "ому", "им", "ім"]),            // Зеленський → Зеленського
    ])

    /// Inverts rows of (nominative ending, oblique endings) into (oblique ending, nominative
    /// endings it may replace).
    private static func suffixTable(_ name: String, rows: [(String, [String])]) -> AffixTable {
        var byEnding: [String: [String]] = [:]
        var order: [String] = []
        for (nominative, endings) in rows {
            for ending in endings {
                if byEnding[ending] == nil { order.append(ending) }
                if byEnding[ending, default: []].contains(nominative) == false {
                    byEnding[ending, default: []].append(nominative)
                }
            }
        }
        return AffixTable(name: name, side: .suffix, place: .any, needsCapital: true,
                          entries: order.map { ($0, byEnding[$0] ?? []) })
    }
}
