/// Language tags as feeds and configs write them (`de-DE`, `en_us`, `RU`), reduced to what the
/// rules are keyed by: the lower-case primary subtag.
public enum LanguageCode {
    /// `de-DE` → `de`; nil for an empty tag or one whose primary subtag is not 2–3 ASCII letters.
    public static func primary(_ tag: String?) -> String? {
        guard let tag else { return nil }
        let primary = tag.utf8.prefix { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "_") }
        guard (2...3).contains(primary.count),
              primary.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") })
        else { return nil }
        return String(decoding: primary.map { $0 | 0x20 }, as: UTF8.self)
    }

    /// The language codes that have inflection rules (`docs/matching.md`).
    public static var withRules: [String] { AffixTables.languages }
}
