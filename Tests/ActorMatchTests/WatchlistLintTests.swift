import ActorMatch
import FeedwatchConfig
import Testing

/// The matching-related warnings `feedwatch check` prints.
struct WatchlistLintTests {
    private func warnings(_ actors: WatchedActor...) -> [Diagnostic] {
        WatchlistLint.diagnostics(for: Watchlist(file: Fixture.file, actors: actors))
    }

    @Test func sameFoldedAliasOnTwoActors() {
        let found = warnings(
            Fixture.actor("turkey", [Fixture.alias("Türkiye", line: 4)]),
            Fixture.actor("turkiye-gov", [Fixture.alias("TURKIYE", .ignore, line: 12)]))
        #expect(found.map(\.description) == [
            "watchlist.yaml:12:9: warning: actor 'turkiye-gov': alias 'TURKIYE' folds to the same words as alias "
                + "'Türkiye' of actor 'turkey' (watchlist.yaml:4); both actors will be reported for it",
        ])
        #expect(found.allSatisfy { $0.severity == .warning })
    }

    @Test func punctuationDifferencesStillCollide() {
        let found = warnings(Fixture.actor("a", [Fixture.alias("Al-Qaeda", line: 2)]),
                             Fixture.actor("b", [Fixture.alias("al Qaeda", line: 3)]))
        #expect(found.map(\.location.line) == [3])
    }

    @Test func sameAliasTwiceOnOneActorIsNoCollision() {
        #expect(warnings(Fixture.actor("a", [Fixture.alias("Hamas"), Fixture.alias("HAMAS", .exact)])).isEmpty)
    }

    @Test func aliasWithAWordBeyondTheMatchersLimit() {
        // 300 × "ß" folds to 600 bytes ("ss"), past the 512-byte limit, though the text is 600 bytes too.
        let long = String(repeating: "ß", count: 300)
        let found = warnings(Fixture.actor("a", [Fixture.alias("Herr \(long)", line: 7)]),
                             Fixture.actor("b", [Fixture.alias(String(repeating: "x", count: 513), line: 8)]))
        #expect(found.map(\.message) == [
            "actor 'a': alias 'Herr \(long)' has a word longer than 512 bytes and can never match",
            "actor 'b': alias '\(String(repeating: "x", count: 513))' has a word longer than 512 bytes and can never match",
        ])
        let tokens = TextNormalizer.tokens(in: "Herr \(long)")
        #expect(tokens.map(\.isTooLong) == [false, true])
        #expect(tokens.last?.folded == long.lowercased())
        // Such an alias matches nothing, not even its other words (it once matched "Herr" alone).
        let matcher = Matcher(watchlist: Watchlist(file: Fixture.file, actors: [
            Fixture.actor("a", [Fixture.alias("Herr \(long)")]),
            Fixture.actor("b", [Fixture.alias("Herr \(String(repeating: "x", count: 600))")]),
        ]))
        #expect(matcher.match("Herr \(long)").isEmpty)
        #expect(matcher.match("Herr Schmidt").isEmpty)
    }

    @Test func aliasWithoutLetters() {
        let found = warnings(Fixture.actor("a", [Fixture.alias("2024", line: 5), Fixture.alias("!!!", line: 6)]))
        #expect(found.map(\.message) == [
            "actor 'a': alias '2024' has no letters; it will match any such number",
            "actor 'a': alias '!!!' has no letters or digits and can never match",
        ])
        #expect(found.map(\.location.line) == [5, 6])
    }

    @Test func shortAliasNotExact() {
        let found = warnings(Fixture.actor("un", [Fixture.alias("UN", line: 7), Fixture.alias("U.N.", .exact, line: 8)]))
        #expect(found.map(\.message) == [
            "actor 'un': alias 'UN' is shorter than 3 letters; mark it 'case: exact' so it does not match ordinary words",
        ])
        #expect(found.first?.location == SourceLocation(file: Fixture.file, line: 7, column: 9))
    }

    @Test func commonWordsAlias() {
        let found = warnings(Fixture.actor("peace-now", [Fixture.alias("Peace Now", line: 3),
                                                         Fixture.alias("Shalom Achshav", line: 4)]))
        #expect(found.map(\.message) == [
            "actor 'peace-now': alias 'Peace Now' consists only of very common words; it will match ordinary "
                + "text unless it is marked 'case: exact' or given 'requires'",
        ])
    }

    @Test func commonWordsInCapitalsAreFineInSmartModeButNotInIgnore() {
        #expect(warnings(Fixture.actor("mit", [Fixture.alias("MIT")])).isEmpty)
        #expect(warnings(Fixture.actor("mit", [Fixture.alias("MIT", .ignore)])).count == 1)
        #expect(warnings(Fixture.actor("who", [Fixture.alias("WHO", .exact)])).isEmpty)
    }

    @Test func cleanWatchlistHasNoWarnings() {
        #expect(warnings(Fixture.actor("hamas", "Hamas"), Fixture.actor("qatar", "Qatar", "Doha")).isEmpty)
    }
}
