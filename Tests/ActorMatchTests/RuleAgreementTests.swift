@testable import ActorMatch
import FeedwatchConfig
import Testing

/// The rules only ever add readings of Hebrew and Arabic script, and of declared languages with
/// tables: on any other text the matcher gives exactly what the literal matcher gives.
struct RuleAgreementTests {
    /// Words that tempt the rules: alias words with German, Russian and Ukrainian endings, and
    /// proclitic-looking Latin and Cyrillic letters, among ordinary words of several scripts.
    static let alikes = ["Israels", "Katars", "Irans", "Ирана", "Ираном", "Израиля", "Турции", "Ірану",
                         "vIran", "lIsrael", "wQatar", "Катарина", "Иранская", "Israelis", "Hamas'", "Türkiye’nin"]

    static func text(_ rng: inout SeededGenerator, aliases: [String]) -> String {
        (0..<Int.random(in: 3...40, using: &rng)).map { _ -> String in
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: return aliases[Int.random(in: 0..<aliases.count, using: &rng)]
            case 1: return alikes[Int.random(in: 0..<alikes.count, using: &rng)]
            case 2: return PropertyTests.fillers[Int.random(in: 0..<PropertyTests.fillers.count, using: &rng)]
            default:
                // Latin, Cyrillic and CJK syllables only: no Hebrew or Arabic script here.
                let scripts = [0, 1, 4]
                let script = PropertyTests.syllables[scripts[Int.random(in: 0..<scripts.count, using: &rng)]]
                return (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                    script[Int.random(in: 0..<script.count, using: &rng)]
                }.joined()
            }
        }.joined(separator: [" ", ", ", "-", "\n", " "][Int.random(in: 0..<5, using: &rng)])
    }

    @Test(arguments: 0..<30)
    func noScriptAndNoLanguageWithRulesMatchesAsWritten(seed: Int) {
        var rng = SeededGenerator(state: UInt64(seed) &* 7919)
        let aliases = ["Israel", "Katar", "Iran", "Иран", "Израиль", "Турция", "Іран", "Hamas", "Türkiye",
                       "Benjamin Netanjahu", "Владимир Путин", "ISA", "al Qassam"]
        let actors = aliases.enumerated().map { Fixture.actor("a\($0.offset)", [Fixture.alias($0.element)]) }
            + [Fixture.actor("random", PropertyTests.watchlist(&rng).actors.flatMap(\.aliases))]
        let matcher = Matcher(watchlist: Watchlist(file: Fixture.file, actors: actors))
        let words = aliases + (actors.last?.aliases.map(\.text) ?? [])
        for _ in 0..<20 {
            let fields = [TextField(name: "title", text: Self.text(&rng, aliases: words)),
                          TextField(name: "summary", text: Self.text(&rng, aliases: words))]
            let literal = matcher.literalMatch(fields)
            for language in [nil, "en", "fr", "tr", "ar", "he"] as [String?] {
                #expect(matcher.match(fields, language: language) == literal, "\(language ?? "-"): \(fields)")
            }
        }
    }
}
