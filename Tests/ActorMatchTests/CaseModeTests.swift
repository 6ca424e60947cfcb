import ActorMatch
import FeedwatchConfig
import Testing

/// Rule 3: how each case mode compares alias and text.
struct CaseModeTests {
    private func found(_ alias: String, _ mode: CaseMode, in text: String) -> Bool {
        !Fixture.matcher(Fixture.actor("a", [Fixture.alias(alias, mode)])).match(text).isEmpty
    }

    @Test(arguments: [("Turkey", true), ("TURKEY", true), ("turkey", false), ("tURKEY", false), ("Turkey’s", true)])
    func smartCapitalisedNeedsCapitalFirstLetter(_ text: String, _ expected: Bool) {
        #expect(found("Turkey", .smart, in: text) == expected)
    }

    @Test(arguments: [("IDF", true), ("Idf", false), ("idf", false), ("I.D.F.", false)])
    func smartAllCapsNeedsAllCaps(_ text: String, _ expected: Bool) {
        #expect(found("IDF", .smart, in: text) == expected)
    }

    @Test(arguments: ["al-Qassam", "Al-Qassam", "AL-QASSAM", "al-qassam"])
    func smartLowerCaseAliasWordMatchesAnyCase(_ text: String) {
        // `al` is lower case (any), `Qassam` capitalised: only the second word constrains.
        #expect(found("al-Qassam", .smart, in: text) == (text != "al-qassam"))
    }

    @Test func smartSingleCapitalLetterIsFirstUpperNotAllCaps() {
        #expect(found("G7", .smart, in: "G7 summit"))
        #expect(!found("G7", .smart, in: "g7 summit"))
    }

    @Test func smartMixedCaseWordOnlyConstrainsTheFirstLetter() {
        #expect(found("McDonald", .smart, in: "MCDONALD"))
        #expect(found("McDonald", .smart, in: "Mcdonald"))
        #expect(!found("McDonald", .smart, in: "mcdonald"))
        #expect(found("iPhone", .smart, in: "iphone"))
    }

    @Test func smartScriptsWithoutCaseAlwaysMatch() {
        #expect(found("חמאס", .smart, in: "ארגון חמאס הודיע"))
        #expect(found("حماس", .smart, in: "قالت حماس"))
        #expect(found("東京", .smart, in: "東京都"))
    }

    @Test func smartCyrillicHasCase() {
        #expect(found("Россия", .smart, in: "РОССИЯ"))
        #expect(!found("Россия", .smart, in: "россия"))
    }

    @Test func exactKeepsCaseAndDiacritics() {
        #expect(found("ISA", .exact, in: "the ISA said"))
        #expect(!found("ISA", .exact, in: "Isa said"))
        #expect(found("Müller", .exact, in: "Müller"))
        #expect(found("Müller", .exact, in: "Mu\u{0308}ller"))
        #expect(!found("Müller", .exact, in: "Muller"))
        #expect(!found("Müller", .exact, in: "MÜLLER"))
    }

    @Test func exactAppliesNFKCAndDropsIgnorables() {
        #expect(found("ISA", .exact, in: "ＩＳＡ"))
        #expect(found("Netanyahu", .exact, in: "Ne\u{00AD}tanyahu"))
    }

    @Test func ignoreMatchesAnyCase() {
        #expect(found("Müller", .ignore, in: "MULLER"))
        #expect(found("Müller", .ignore, in: "muller"))
        #expect(found("IBM", .ignore, in: "ibm"))
        #expect(!found("Müller", .ignore, in: "Mueller"))
    }

    @Test func defaultCaseOfThreeAliasesOfTheSameWordsDiffer() {
        let matcher = Fixture.matcher(
            Fixture.actor("smart", [Fixture.alias("Isa")]),
            Fixture.actor("exact", [Fixture.alias("ISA", .exact)]),
            Fixture.actor("ignore", [Fixture.alias("isa", .ignore)]))
        #expect(Fixture.ids("ISA", matcher) == ["smart", "exact", "ignore"])
        #expect(Fixture.ids("Isa", matcher) == ["smart", "ignore"])
        #expect(Fixture.ids("isa", matcher) == ["ignore"])
    }
}
