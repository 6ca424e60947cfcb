import ActorMatch
import FeedwatchConfig
import Testing

/// `explain`: the near misses behind `feedwatch match --explain`.
struct ExplainTests {
    @Test func caseModeRejection() {
        let explanation = Fixture.domain.explain([TextField(name: "text", text: "We roasted a turkey")])
        #expect(explanation.hits.isEmpty)
        #expect(explanation.nearMisses.map(\.actorID) == ["turkey"])
        #expect(explanation.nearMisses.first?.reason == .caseMode(.smart))
        #expect(explanation.nearMisses.first?.mention.text == "turkey")
        #expect(explanation.nearMisses.first?.mention.offset == 13)
    }

    @Test func requiresNotMet() {
        let explanation = Fixture.domain.explain([TextField(name: "text", text: "Bar said")])
        #expect(explanation.nearMisses.map(\.reason) == [.requiresNotMet(["Shin Bet", "Ronen Bar"])])
    }

    @Test func excludedActor() throws {
        let text = "MIT researchers, Massachusetts Institute of Technology"
        let explanation = Fixture.domain.explain([TextField(name: "text", text: text)])
        #expect(explanation.hits.isEmpty)
        let miss = try #require(explanation.nearMisses.first)
        #expect(miss.actorID == "mit")
        guard case .excluded(let phrase, let found) = miss.reason else {
            Issue.record("expected an exclude near miss, got \(miss.reason)")
            return
        }
        #expect(phrase == "Massachusetts Institute of Technology")
        #expect(found.offset == 17)
    }

    @Test func reportedWordsAreNoNearMiss() {
        let explanation = Fixture.domain.explain([TextField(name: "text", text: "Shin Bet chief Bar")])
        #expect(explanation.nearMisses.isEmpty)
        #expect(explanation.hits.map(\.actorID) == ["shin-bet"])
    }

    @Test func explainAgreesWithMatch() {
        let fields = [TextField(name: "text", text: "Hamas in Doha, a turkey, and MIT")]
        #expect(Fixture.domain.explain(fields).hits == Fixture.domain.match(fields))
    }
}
