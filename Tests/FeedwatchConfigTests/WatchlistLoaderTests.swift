import FeedwatchConfig
import Testing

struct WatchlistLoaderTests {
    @Test func readsEveryKey() throws {
        let loaded = try watchlist("""
            defaults:
              case: ignore
            actors:
              - id: shin-bet
                name: Shin Bet
                kind: organization
                tags: [israel, intelligence]
                aliases:
                  - Shin Bet
                  - text: ISA
                    case: exact
                  - text: Bar
                    requires: [Shin Bet, Ronen Bar]
                exclude:
                  - Massachusetts Institute of Technology
                  - text: ISA Brown
                    case: exact
              - id: mit
                name: MİT
                case: smart
            """)
        let list = loaded.value
        #expect(loaded.warnings.isEmpty)
        #expect(list.defaultCase == .ignore)
        #expect(list.actors.count == 2)
        let shinBet = list.actors[0]
        #expect(shinBet.id == "shin-bet")
        #expect(shinBet.name == "Shin Bet")
        #expect(shinBet.kind == .organization)
        #expect(shinBet.tags == ["israel", "intelligence"])
        #expect(shinBet.location == SourceLocation(file: "w.yaml", line: 4, column: 5))
        #expect(shinBet.aliases.map(\.text) == ["Shin Bet", "ISA", "Bar"])
        #expect(shinBet.aliases.map(\.caseMode) == [.ignore, .exact, .ignore])
        #expect(shinBet.aliases[2].requires == ["Shin Bet", "Ronen Bar"])
        #expect(shinBet.aliases[1].location == SourceLocation(file: "w.yaml", line: 10, column: 9))
        #expect(shinBet.exclude.map(\.text) == ["Massachusetts Institute of Technology", "ISA Brown"])
        #expect(shinBet.exclude.map(\.caseMode) == [.ignore, .exact])
        // Without aliases the name is the only alias, in the actor's own case mode; kind defaults to other.
        let mit = list.actors[1]
        #expect(mit.aliases.map(\.text) == ["MİT"])
        #expect(mit.aliases.map(\.caseMode) == [.smart])
        #expect(mit.kind == .other)
        #expect(list.aliasCount == 4)
    }

    @Test func defaultsAreSmartCase() throws {
        let list = try watchlist("actors:\n  - {id: qatar, name: Qatar, aliases: [Qatar, Doha]}\n").value
        #expect(list.defaultCase == .smart)
        #expect(list.actors[0].aliases.map(\.caseMode) == [.smart, .smart])
    }

    @Test func everyKindIsAccepted() throws {
        let yaml = "actors:\n" + ActorKind.allCases.map { "  - {id: a-\($0.rawValue), name: A \($0.rawValue), kind: \($0.rawValue)}\n" }.joined()
        #expect(try watchlist(yaml).value.actors.map(\.kind) == ActorKind.allCases)
    }

    @Test func anchorsAreExpanded() throws {
        let list = try watchlist("""
            actors:
              - id: a
                name: A
                tags: &common [mideast, watch]
              - id: b
                name: B
                tags: *common
            """).value
        #expect(list.actors[1].tags == ["mideast", "watch"])
    }

    /// An alias that is the name written in another Unicode form keeps its own bytes: alerts
    /// report the alias as the editor wrote it.
    @Test func aliasEquivalentToTheNameKeepsItsBytes() throws {
        let loaded = try watchlist("actors:\n  - id: cafe\n    name: Caf\u{E9}\n    aliases: [\"Cafe\u{301}\", Caf\u{E9}]\n")
        let aliases = try #require(loaded.value.actors.first).aliases.map { Array($0.text.utf8) }
        #expect(aliases == [Array("Cafe\u{301}".utf8)])  // the second is the same alias, listed twice
        #expect(loaded.warnings.map(\.message) == ["actor 'cafe': alias 'Caf\u{E9}' is listed twice"])
    }

    @Test func duplicateAliasOnOneActorIsAWarning() throws {
        let loaded = try watchlist("actors:\n  - id: a\n    name: A\n    aliases: [Hamas, Hamas]\n")
        #expect(loaded.value.actors[0].aliases.count == 1)
        #expect(loaded.warnings.map(\.description) == ["w.yaml:4:22: warning: actor 'a': alias 'Hamas' is listed twice"])
    }

    @Test func emptyWatchlistFileIsAnError() {
        #expect(watchlistErrors("") == ["w.yaml:1:1: watchlist is empty (expected 'actors:' with a list of actors)"])
    }
}

struct WatchlistOrderTests {
    @Test func defaultsWrittenAfterActorsStillApply() throws {
        let list = try watchlist("actors:\n  - {id: a, name: A, aliases: [x, {text: y, case: smart}]}\ndefaults:\n  case: exact\n").value
        #expect(list.defaultCase == .exact)
        #expect(list.actors[0].aliases.map(\.caseMode) == [.exact, .smart])
    }

    @Test func badDefaultsAreReportedOnce() {
        #expect(watchlistErrors("defaults:\n  case: loud\nactors:\n  - {id: a, name: A}\n") == [
            "w.yaml:2:9: defaults: case: 'loud' is not one of smart | exact | ignore",
        ])
    }
}
