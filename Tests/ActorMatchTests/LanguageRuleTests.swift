import ActorMatch
import FeedwatchConfig
import Testing

/// The language and script rules of docs/matching.md, one case per rule and per guard: what a
/// rule reads as an alias word, and what it must not.
struct LanguageRuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var language: String?
        var expected: [String]
        var testDescription: String { "\(language ?? "-"): \(text) → \(expected)" }
        init(_ text: String, _ language: String?, _ expected: [String]) {
            self.text = text
            self.language = language
            self.expected = expected
        }
        init(_ text: String, _ expected: [String]) {
            self.init(text, nil, expected)
        }
    }

    static let matcher = Fixture.matcher(
        Fixture.actor("hamas", "Hamas", "חמאס", "حماس", "Хамас", "ХАМАС"),
        Fixture.actor("qatar", "Qatar", "Katar", "קטאר", "قطر", "Катар"),
        Fixture.actor("israel", "Israel", "ישראל", "إسرائيل", "Израиль", "Ізраїль"),
        Fixture.actor("iran", "Iran", "איראן", "إيران", "Иран", "Іран"),
        Fixture.actor("doha", "Doha", "الدوحة"),
        Fixture.actor("hezbollah", "Hezbollah", "حزب الله", "Хезболла"),
        Fixture.actor("turkey", "Türkiye", "Турция", "Туреччина"),
        Fixture.actor("mossad", "המוסד"),
        Fixture.actor("pa", "הרשות הפלסטינית"),
        Fixture.actor("idf", "צה\"ל"),
        Fixture.actor("qaeda", "القاعدة"),
        Fixture.actor("egypt", "Ägypten", "מצרים", "Египет"),
        Fixture.actor("tsarim", "צרים"),
        Fixture.actor("putin", "Владимир Путин", "Putin"),
        Fixture.actor("zelensky", "Зеленський"),
        Fixture.actor("netanyahu", "Benjamin Netanjahu", "Netanyahu"),
        Fixture.actor("musa", "موسى"),
        Fixture.actor("kabul", "كابل"),
        Fixture.actor("un", [Fixture.alias("ISA", .exact)]),
        Fixture.actor("katar-off", [Alias(text: "Katarer", caseMode: .smart, inflect: false,
                                          location: SourceLocation(file: Fixture.file, line: 1, column: 1))])
    )

    static let hebrew: [Case] = [
        Case("ישראל וחמאס הגיעו להבנות", ["israel", "hamas"]),
        Case("המשלחת יצאה לקטאר", ["qatar"]),
        Case("שבישראל", ["israel"]),
        Case("וכשישראל", ["israel"]),
        Case("מהמוסד", ["mossad"]),                     // מ + המוסד
        Case("במוסד", ["mossad"]),                      // ב hides the article: ב + (ה)מוסד
        Case("ברשות הפלסטינית", ["pa"]),
        Case("לצה״ל", ["idf"]),                         // gershayim equals "
        Case("ולצה\"ל", ["idf"]),
        Case("וְחַמָאס", ["hamas"]),                      // niqqud ignored
        Case("ישראל־חמאס", ["israel", "hamas"]),        // maqaf is a hyphen
        // Guards
        Case("האיראני", []),                            // the Iranian: what remains is no alias word
        Case("חמאסניק", []),
        Case("וח", []),
        Case("מצרים", ["egypt"]),                        // the whole word wins over מ + צרים
        Case("הרשות והפלסטינית", []),                   // a proclitic only on an alias's first word
    ]

    static let arabic: [Case] = [
        Case("رسالة لإسرائيل", ["israel"]),
        Case("لاسرائيل", ["israel"]),
        Case("وقطر", ["qatar"]),
        Case("فقطر", ["qatar"]),
        Case("بالدوحة", ["doha"]),
        Case("للدوحة", ["doha"]),                        // ل + ال written لل
        Case("والدوحة", ["doha"]),
        Case("وحزب الله", ["hezbollah"]),
        Case("لحزب الله", ["hezbollah"]),
        Case("حزب\u{200C}الله", ["hezbollah"]),          // ZWNJ parts words after an Arabic letter
        Case("اسرائیل", ["israel"]),                     // Persian yeh
        Case("الدوحه", ["doha"]),                        // heh for teh marbuta
        Case("ٱلدوحة", ["doha"]),                        // alef wasla
        Case("حَمَاس", ["hamas"]),                        // harakat
        Case("حمـــاس", ["hamas"]),                      // tatweel
        Case("موسي", ["musa"]),                          // alef maqsura written as yeh
        Case("کابل", ["kabul"]),                         // keheh
        Case("وإيران", ["iran"]),
        Case("بإيران", ["iran"]),
        // Guards
        Case("القطريون", []),                            // Qataris
        Case("قطري", []),                                // Qatari
        Case("قاعدة عسكرية", []),                        // "a base": al-Qaeda is written with ال
        Case("وقاعدة", []),
        Case("للقاعدة", ["qaeda"]),
    ]

    static let german: [Case] = [
        Case("Israels Regierung", "de", ["israel"]),
        Case("Katars Emir", "de-DE", ["qatar"]),
        Case("Irans Atomprogramm", "de", ["iran"]),
        Case("Benjamin Netanjahus Kabinett", "de", ["netanyahu"]),
        Case("Hamas' Führung", "de", ["hamas"]),         // after a sibilant only an apostrophe
        Case("Putins Rede", "de", ["putin"]),
        // Guards
        Case("Israelis und Iraner", "de", []),           // plurals and adjectives are other words
        Case("Hamass", "de", []),
        Case("israels", "de", []),                       // smart case: the alias is capitalised
        Case("Benjamins Netanjahu", "de", []),           // the genitive only on the last word
        Case("Israels Regierung", nil, []),              // no declared language: no language rules
        Case("Israels Regierung", "en", []),
        Case("ISAs", "de", []),                          // case: exact aliases are never inflected
        Case("Katarers", "de", []),                      // inflect: false
        Case("The Netanyahus", "en", []),                // English: no rule adds -s
        Case("The Netanyahus", nil, []),
        Case("Netanyahus Regierung", "de", ["netanyahu"]),
    ]

    static let russian: [Case] = [
        Case("Представители Израиля прибыли в Катаре", "ru", ["israel", "qatar"]),
        Case("переговоры с Ираном", "ru", ["iran"]),
        Case("Турции", "ru", ["turkey"]),
        Case("с Хезболлой", "ru", ["hezbollah"]),
        Case("лидер Хезболлы", "ru", ["hezbollah"]),
        Case("встреча Владимира Путина", "ru", ["putin"]),
        Case("Израилем", "ru-RU", ["israel"]),
        Case("Катара", "ru", ["qatar"]),
        Case("ХАМАСа", "ru", ["hamas"]),                 // through the capitalised alias Хамас
        // Guards
        Case("Иранская делегация", "ru", []),            // adjective built on the name
        Case("израильский", "ru", []),
        Case("Катарина", "ru", []),                      // a name that begins with an alias
        Case("Египта", "ru", []),                        // fleeting vowel: needs the form as an alias
        Case("ирана", "ru", []),
        Case("Ирана", nil, []),
    ]

    static let ukrainian: [Case] = [
        Case("делегація Ізраїлю", "uk", ["israel"]),
        Case("з Іраном", "uk", ["iran"]),
        Case("в Ірані", "uk", ["iran"]),
        Case("Туреччини", "uk", ["turkey"]),
        Case("Зеленського", "uk", ["zelensky"]),
        Case("Іранська", "uk", []),
    ]

    static let turkish: [Case] = [
        Case("Hamas'ın lideri", "tr", ["hamas"]),
        Case("Türkiye’nin", "tr", ["turkey"]),
        Case("İsrailliler", "tr", []),
    ]

    @Test(arguments: hebrew + arabic)
    func scriptRules(_ example: Case) {
        #expect(Self.matcher.match([TextField(name: "t", text: example.text)], language: example.language)
            .map(\.actorID) == example.expected)
        // Script rules need no declared language, and a declared one does not switch them off.
        #expect(Self.matcher.match([TextField(name: "t", text: example.text)], language: "fr")
            .map(\.actorID) == example.expected)
    }

    @Test(arguments: german + russian + ukrainian + turkish)
    func languageRules(_ example: Case) {
        #expect(Self.matcher.match([TextField(name: "t", text: example.text)], language: example.language)
            .map(\.actorID) == example.expected)
    }

    @Test func mentionsReportTheWordAsWrittenAndTheRule() {
        let hits = Self.matcher.match([TextField(name: "title", text: "ישראל וחמאס")])
        let mention = hits.last?.mentions.first
        #expect(mention?.text == "וחמאס")
        #expect(mention?.offset == 6)
        #expect(mention?.length == 5)
        #expect(mention?.alias == "חמאס")
        #expect(mention?.reading == "ו + חמאס")
        let german = Self.matcher.match([TextField(name: "title", text: "Israels Regierung")], language: "de")
        #expect(german.first?.mentions.first?.reading == "Israel + German genitive -s")
        #expect(german.first?.mentions.first?.text == "Israels")
        let plain = Self.matcher.match([TextField(name: "title", text: "Israel")], language: "de")
        #expect(plain.first?.mentions.first?.reading == nil)
    }

    @Test func explainNamesTheRule() {
        let explanation = Self.matcher.explain([TextField(name: "t", text: "للدوحة")])
        #expect(explanation.hits.first?.mentions.first?.reading == "لل + الدوحة (ال merged into لل)")
    }

    /// An alias written without the article matches every form real text uses.
    @Test func anArabicAliasWithoutTheArticle() {
        let matcher = Fixture.matcher(Fixture.actor("doha", "دوحة"))
        for text in ["دوحة", "الدوحة", "بالدوحة", "للدوحة", "والدوحة", "فالدوحة", "لدوحة"] {
            #expect(matcher.match(text).map(\.actorID) == ["doha"], "\(text)")
        }
        #expect(matcher.match("الدوحات").isEmpty)
    }

    @Test func inflectFalseOnAnActorSwitchesOffScriptRulesToo() {
        let actor = WatchedActor(id: "q", name: "قطر", kind: .country,
                                 aliases: [Alias(text: "قطر", caseMode: .smart, inflect: false,
                                                 location: SourceLocation(file: "w", line: 1, column: 1))],
                                 location: SourceLocation(file: "w", line: 1, column: 1))
        let matcher = Matcher(watchlist: Watchlist(file: "w", actors: [actor]))
        #expect(matcher.match("وقطر").isEmpty)
        #expect(matcher.match("قطر").map(\.actorID) == ["q"])
    }

    @Test func lintWarnsWhereARuleReadsOneAliasAsAnother() {
        let watchlist = Watchlist(file: Fixture.file, actors: [
            Fixture.actor("katar", "Katar"), Fixture.actor("katars", "Katars"),
            Fixture.actor("egypt", "מצרים"), Fixture.actor("tsarim", "צרים"),
            Fixture.actor("iran", "Iran"),
        ])
        let warnings = WatchlistLint.diagnostics(for: watchlist).map(\.message)
        #expect(warnings.contains { $0.contains("alias 'Katars' is also 'Katar' + German genitive -s, an alias of actor 'katar'") })
        #expect(warnings.contains { $0.contains("alias 'מצרים' is also מ + 'צרים', an alias of actor 'tsarim'") })
        #expect(warnings.count == 2)
    }
}
