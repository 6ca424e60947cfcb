import ActorMatch
import Testing

/// The examples the issue says must hold.
struct IssueExampleTests {
    @Test func germanSentenceFindsHamasAndQatarButNotMIT() {
        #expect(Fixture.ids("Gespräche mit der Hamas in Doha") == ["hamas", "qatar"])
    }

    @Test func lowerCaseTurkeyIsABird() {
        #expect(Fixture.ids("We roasted a turkey") == [])
    }

    @Test func softHyphensInsideAWordAreIgnored() {
        let hits = Fixture.domain.match("Ne\u{00AD}tan\u{00AD}yahu spoke")
        #expect(hits.map(\.actorID) == ["netanyahu"])
        #expect(hits.first?.mentions.first?.text == "Ne\u{00AD}tan\u{00AD}yahu")
        #expect(hits.first?.mentions.first?.length == 11)
    }

    @Test(arguments: ["İBRAHİM KALIN", "Ibrahim Kalin", "İbrahim Kalın", "IBRAHIM KALIN"])
    func turkishDottedAndDotlessIFold(_ text: String) {
        let hits = Fixture.domain.match(text)
        #expect(hits.map(\.actorID) == ["kalin"])
        #expect(hits.first?.mentions.first?.alias == "İbrahim Kalın")
    }

    @Test func qatariIsADifferentWord() {
        #expect(Fixture.ids("Qatari officials said") == [])
    }

    @Test func israelSecurityAgencyReportsShinBetNotIsrael() {
        #expect(Fixture.ids("The Israel Security Agency said") == ["shin-bet"])
    }

    @Test func apostropheSuffixLeavesTheName() {
        let hits = Fixture.domain.match("Türkiye’s foreign minister")
        #expect(hits.map(\.actorID) == ["turkey"])
        #expect(hits.first?.mentions.first?.text == "Türkiye")
    }

    @Test func hyphenatedPairsAreTwoWords() {
        #expect(Fixture.ids("the Israel-Hamas war") == ["israel", "hamas"])
    }

    @Test(arguments: ["U.S", "U.S.", "U. S.", "the U.S. said"])
    func dottedAbbreviationsAreTheSameTokens(_ text: String) {
        #expect(Fixture.ids(text) == ["usa"])
    }

    @Test(arguments: ["Turkey", "TURKEY", "Turkey’s"])
    func smartCaseCapitalisedAlias(_ text: String) {
        #expect(Fixture.ids(text) == ["turkey"])
    }

    @Test(arguments: [("MIT", true), ("MİT", true), ("mit", false), ("Mit", false)])
    func smartCaseAllCapsAlias(_ text: String, _ found: Bool) {
        #expect(Fixture.ids(text) == (found ? ["mit"] : []))
    }
}
