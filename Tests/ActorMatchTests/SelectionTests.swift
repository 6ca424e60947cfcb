import ActorMatch
import FeedwatchConfig
import Testing

/// Rules 4 and 5: leftmost-longest selection, fields and line breaks, `requires` and `exclude`.
struct SelectionTests {
    @Test func longestAliasWinsAtTheSameStart() {
        let hits = Fixture.domain.match("Israel Defense Forces said")
        #expect(hits.map(\.actorID) == ["idf"])
        #expect(hits.first?.mentions.map(\.alias) == ["Israel Defense Forces"])
    }

    @Test func scanResumesAfterTheChosenMention() {
        let matcher = Fixture.matcher(Fixture.actor("ab", "Alpha Beta"), Fixture.actor("bc", "Beta Gamma"),
                                      Fixture.actor("c", "Gamma"))
        #expect(Fixture.ids("Alpha Beta Gamma", matcher) == ["ab", "c"])
        #expect(Fixture.ids("Beta Gamma", matcher) == ["bc"])
    }

    @Test func aLongerAliasFailingItsCaseNeverHidesAShorterOne() {
        #expect(Fixture.ids("Israel security agency officials") == ["israel"])
    }

    @Test func aLongerAliasMissingItsLastWordNeverHidesAShorterOne() {
        #expect(Fixture.ids("Israel Security officials") == ["israel"])
    }

    @Test func everyOccurrenceIsReported() {
        let hits = Fixture.domain.match("Hamas and Hamas, then HAMAS")
        #expect(hits.first?.mentions.map(\.offset) == [0, 10, 22])
    }

    @Test func theSameAliasOnTwoActorsReportsBoth() {
        let matcher = Fixture.matcher(Fixture.actor("georgia-country", "Georgia"),
                                      Fixture.actor("georgia-state", "Georgia"))
        #expect(Fixture.ids("Georgia votes", matcher) == ["georgia-country", "georgia-state"])
    }

    @Test func hitsComeInOrderOfFirstMention() {
        #expect(Fixture.ids("Doha hosted Hamas; Qatar said") == ["qatar", "hamas"])
        let fields = [TextField(name: "title", text: "Hamas"), TextField(name: "content", text: "Iran and Hamas")]
        #expect(Fixture.domain.match(fields).map(\.actorID) == ["hamas", "iran"])
    }

    @Test func aPhraseNeverSpansALineBreak() {
        #expect(Fixture.ids("Shin\nBet") == [])
        #expect(Fixture.ids("Shin\r\nBet") == [])
        #expect(Fixture.ids("Shin\u{2028}Bet") == [])
        #expect(Fixture.ids("Hamas\n\nDoha") == ["hamas", "qatar"])
    }

    @Test func aPhraseNeverSpansTwoFields() {
        let fields = [TextField(name: "title", text: "Shin"), TextField(name: "summary", text: "Bet")]
        #expect(Fixture.domain.match(fields).isEmpty)
    }

    @Test func requiresIsNotMetWithoutAListedPhrase() {
        #expect(Fixture.ids("Bar said") == [])
    }

    @Test func requiresIsMetByAnyListedPhraseAnywhereInTheItem() {
        let hits = Fixture.domain.match("Shin Bet chief Bar said")
        #expect(hits.map(\.actorID) == ["shin-bet"])
        #expect(hits.first?.mentions.map(\.alias) == ["Shin Bet", "Bar"])
        #expect(Fixture.ids("Ronen Bar said") == ["shin-bet"])
        let fields = [TextField(name: "title", text: "Bar resigns"), TextField(name: "content", text: "the Shin Bet head")]
        #expect(Fixture.domain.match(fields).first?.mentions.map(\.field) == ["title", "content"])
    }

    @Test func requiresPhrasesFollowTheAliasCaseMode() {
        #expect(Fixture.ids("Bar met shin bet people") == [])
    }

    @Test func requiresPhrasesAreFoundEvenInsideOtherMentions() {
        // `Ronen Bar` is itself no alias here, and `Bar` inside it both satisfies and is the mention.
        let hits = Fixture.domain.match("Ronen Bar")
        #expect(hits.first?.mentions.map(\.text) == ["Bar"])
    }

    @Test func excludeSuppressesTheActorForTheWholeItem() {
        #expect(Fixture.ids("MIT researchers at the Massachusetts Institute of Technology") == [])
        let fields = [TextField(name: "title", text: "MIT study"),
                      TextField(name: "content", text: "Massachusetts Institute of Technology")]
        #expect(Fixture.domain.match(fields).isEmpty)
    }

    @Test func excludeLeavesOtherActorsAlone() {
        #expect(Fixture.ids("MIT and Turkey, Massachusetts Institute of Technology") == ["turkey"])
        #expect(Fixture.ids("MIT and Turkey") == ["mit", "turkey"])
    }

    @Test func conditionsStayWithTheirOwnActor() {
        let matcher = Fixture.matcher(
            Fixture.actor("first", [Fixture.alias("Alpha")], exclude: ["Omega"]),
            Fixture.actor("second", [Fixture.alias("Beta", requires: ["Gamma"])], exclude: ["Delta"]),
            Fixture.actor("third", [Fixture.alias("Gamma", requires: ["Alpha"])]))
        #expect(Fixture.ids("Alpha Beta Gamma", matcher) == ["first", "second", "third"])
        // `requires` asks for the phrase, not for its actor to be reported.
        #expect(Fixture.ids("Alpha Beta Gamma Omega", matcher) == ["second", "third"])
        #expect(Fixture.ids("Alpha Beta Gamma Delta", matcher) == ["first", "third"])
        #expect(Fixture.ids("Beta Gamma", matcher) == ["second"])
    }

    @Test func suppressedAliasesDoNotHideOthers() {
        let matcher = Fixture.matcher(
            Fixture.actor("long", [Fixture.alias("Gaza City", requires: ["Hamas"])]),
            Fixture.actor("gaza", "Gaza"))
        #expect(Fixture.ids("Gaza City today", matcher) == ["gaza"])
        #expect(Fixture.ids("Gaza City and Hamas", matcher) == ["long"])
    }
}
