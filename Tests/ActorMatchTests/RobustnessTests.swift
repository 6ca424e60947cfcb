import ActorMatch
import FeedwatchConfig
import Testing

/// Hostile or odd input, and sharing one matcher between tasks.
struct RobustnessTests {
    @Test func oneMatcherServesConcurrentTasks() async {
        let matcher = Fixture.domain
        let texts = (0..<64).map { "Item \($0): Hamas in Doha, \($0 % 2 == 0 ? "MIT" : "a turkey"), Россия" }
        let expected = texts.map { matcher.match($0) }
        let results = await withTaskGroup(of: (Int, [ActorHit]).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, matcher.match(text)) }
            }
            var collected = [[ActorHit]](repeating: [], count: texts.count)
            for await (index, hits) in group { collected[index] = hits }
            return collected
        }
        #expect(results == expected)
        #expect(results[0].map(\.actorID) == ["hamas", "qatar", "mit", "russia"])
    }

    @Test func veryLongWordsAreNotAliasesAndDoNotBreakMatching() {
        let long = String(repeating: "Hamas", count: 2_000)
        #expect(Fixture.ids("\(long) Doha \(long)") == ["qatar"])
    }

    @Test func marksWithoutBaseAndStrayControlsAreHarmless() {
        #expect(Fixture.ids("\u{0301}\u{0308} Hamas \u{0000}\u{001B}[0m Doha\u{FFFD}") == ["hamas", "qatar"])
        #expect(Fixture.ids("\u{0301}\u{0301}\u{0301}") == [])
    }

    @Test func manyMentionsAreAllReported() {
        let text = Array(repeating: "Hamas", count: 5_000).joined(separator: " ")
        let hits = Fixture.domain.match(text)
        #expect(hits.first?.mentions.count == 5_000)
        #expect(hits.first?.mentions.last?.offset == 4_999 * 6)
    }

    @Test func emptyWatchlistMatchesNothing() {
        let matcher = Matcher(watchlist: Watchlist(file: "empty.yaml", actors: []))
        #expect(matcher.match("Hamas in Doha").isEmpty)
        #expect(matcher.explain([TextField(name: "t", text: "Hamas")]).nearMisses.isEmpty)
    }

    @Test func aliasesThatCanNeverMatchAreSkipped() {
        let matcher = Fixture.matcher(Fixture.actor("odd", [Fixture.alias("!!!"), Fixture.alias("—"), Fixture.alias("Real")]))
        #expect(Fixture.ids("!!! — Real", matcher) == ["odd"])
    }
}
