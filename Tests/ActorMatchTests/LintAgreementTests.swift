@testable import ActorMatch
import FeedwatchConfig
import Testing

/// Linting a large watchlist in pieces, with the collision keys shared out between threads and
/// compared as bytes where that is safe, must give exactly the warnings, in exactly the order, of
/// the plain single pass `ReferenceLint` keeps.
struct LintAgreementTests {
    /// Many aliases that fold alike across actors (and within one), common, short and over-long
    /// words, words without letters, rule overlaps, and spellings that are equal only as strings.
    static let watchlist: Watchlist = {
        let long = String(repeating: "ß", count: 300)
        let words = ["Hamas", "HAMAS", "Türkiye", "TURKIYE", "Al-Qaeda", "al Qaeda", "the", "The News", "MIT", "UN",
                     "U.N.", "2024", "!!!", "Katar", "Katars", "מצרים", "צרים", "İbrahim Kalın", "Россия", "東京",
                     "\u{1112}\u{1161}\u{11AB}", "\u{D55C}", "Straße", "Strasse", "ﬁnance", "finance", "Ḥamās",
                     "Herr \(long)", String(repeating: "x", count: 513), "der Bund", "Shin\nBet", "Shin Bet",
                     "le monde", "ガ", "カ\u{3099}", "Bar"]
        let actors = (0..<900).map { number -> WatchedActor in
            let first = words[number % words.count], second = words[(number * 7 + 3) % words.count]
            let mode: CaseMode = [.smart, .exact, .ignore, .smart][number % 4]
            var aliases = [Fixture.alias(first, mode, line: 3 * number + 1),
                           Fixture.alias("\(second) \(number % 40)", .smart, line: 3 * number + 2)]
            if number % 3 == 0 { aliases.append(Fixture.alias(second, .ignore, line: 3 * number + 3)) }
            return Fixture.actor("a\(number % 700)", aliases, line: 3 * number + 1)
        }
        return Watchlist(file: Fixture.file, actors: actors)
    }()

    @Test(arguments: [1, 2, 3, 7, 900])
    func piecesGiveTheSinglePassWarnings(pieces: Int) {
        let reference = ReferenceLint.diagnostics(for: Self.watchlist)
        let found = WatchlistLint.diagnostics(for: Self.watchlist, pieces: pieces)
        #expect(reference.count > 1_000)
        #expect(found.count == reference.count)
        #expect(found == reference)
    }

    @Test func hangulJamoAndSyllableStillCollideAsStrings() {
        let watchlist = Watchlist(file: Fixture.file, actors: [
            Fixture.actor("a", [Fixture.alias("\u{D55C}국", line: 1)]),
            Fixture.actor("b", [Fixture.alias("\u{1112}\u{1161}\u{11AB}국", line: 2)]),
        ])
        let found = WatchlistLint.diagnostics(for: watchlist, pieces: 2)
        #expect(found == ReferenceLint.diagnostics(for: watchlist))
        #expect(found.filter { $0.message.contains("folds to the same words") }.map(\.location.line) == [2])
    }
}

/// The lint as one plain pass over the aliases, with string keys: what the pieces must match.
private enum ReferenceLint {
    static func diagnostics(for watchlist: Watchlist) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var firstOwner: [String: (actor: Int, alias: Int)] = [:]
        var oneWord: [RuleOverlap.Candidate] = []
        let actors = watchlist.actors
        for (actorIndex, actor) in actors.enumerated() {
            for (aliasIndex, alias) in actor.aliases.enumerated() {
                let tokens = TextNormalizer.tokens(in: alias.text)
                var letters = 0
                for scalar in alias.text.unicodeScalars where scalar.properties.generalCategory.isLetter { letters += 1 }
                let problems = WatchlistLint.wordProblems(words: tokens.count, tooLong: tokens.contains(where: \.isTooLong),
                                                          letters: letters, caseMode: alias.caseMode) {
                    tokens.allSatisfy { token in
                        CommonWords.all.contains(token.folded)
                            && (alias.caseMode != .smart || !WatchlistLint.isCapitals(token.text))
                    }
                }
                diagnostics += problems.map { WatchlistLint.warning($0, actor, alias) }
                guard let first = tokens.first else { continue }
                if tokens.count == 1, !first.isTooLong, alias.caseMode != .exact {
                    oneWord.append(RuleOverlap.Candidate(actor: actorIndex, alias: aliasIndex, folded: Array(first.folded.utf8)))
                }
                let key = tokens.map(\.folded).joined(separator: " ")
                if let owner = firstOwner[key] {
                    let ownerActor = actors[owner.actor]
                    if ownerActor.id != actor.id {
                        diagnostics.append(WatchlistLint.collision(actor, alias, with: ownerActor,
                                                                   ownerActor.aliases[owner.alias]))
                    }
                } else {
                    firstOwner[key] = (actorIndex, aliasIndex)
                }
            }
        }
        return diagnostics + RuleOverlap.diagnostics(oneWord, actors: actors)
    }
}
