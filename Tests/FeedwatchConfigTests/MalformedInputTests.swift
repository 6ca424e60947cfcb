import FeedwatchConfig
import Testing

/// Each broken file must be rejected with the exact place and words an editor needs.
struct MalformedInputTests {
    @Test func yamlSyntaxError() {
        #expect(watchlistErrors("actors:\n  - id: a\n    name: [unclosed\n") == [
            "w.yaml:4:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 3)",
        ])
    }

    @Test func tabIndentationIsASyntaxError() {
        #expect(watchlistErrors("actors:\n\t- id: a\n") == [
            "w.yaml:2:1: YAML syntax error: found character that cannot start any token (while scanning for the next token at line 2)",
        ])
    }

    @Test func actorsOfTheWrongType() {
        #expect(watchlistErrors("actors:\n  id: hamas\n") == [
            "w.yaml:2:3: actors: expected a list of actors, found a mapping",
        ])
    }

    @Test func unknownKeyInActor() {
        #expect(watchlistErrors("actors:\n  - id: hamas\n    name: Hamas\n    alias: [Hamas]\n") == [
            "w.yaml:4:5: actor 'hamas': unknown key 'alias' (known keys: id, name, kind, tags, aliases, exclude, case, inflect)",
        ])
    }

    @Test func unknownTopLevelKey() {
        #expect(watchlistErrors("default:\n  case: smart\nactors: []\n") == [
            "w.yaml:1:1: watchlist: unknown key 'default' (known keys: defaults, actors)",
        ])
    }

    @Test func duplicateID() {
        #expect(watchlistErrors("actors:\n  - {id: hamas, name: Hamas}\n  - id: hamas\n    name: Harakat\n") == [
            "w.yaml:3:5: duplicate actor id 'hamas' (first defined at w.yaml:2:5)",
        ])
    }

    @Test func emptyAliasList() {
        #expect(watchlistErrors("actors:\n  - id: hamas\n    name: Hamas\n    aliases: []\n") == [
            "w.yaml:4:14: actor 'hamas': alias list is empty (remove 'aliases:' to use the name as the only alias)",
        ])
    }

    @Test func emptyAlias() {
        #expect(watchlistErrors("actors:\n  - id: hamas\n    name: Hamas\n    aliases:\n      - Hamas\n      - \"  \"\n") == [
            "w.yaml:6:9: actor 'hamas': alias is empty",
        ])
    }

    @Test func nullAlias() {
        #expect(watchlistErrors("actors:\n  - id: hamas\n    name: Hamas\n    aliases:\n      -\n") == [
            "w.yaml:5:8: actor 'hamas': alias: expected text, found nothing",
        ])
    }

    @Test func missingNameAndBadKind() {
        #expect(watchlistErrors("actors:\n  - id: hamas\n    kind: militia\n") == [
            "w.yaml:2:5: actor 'hamas': missing required key 'name'",
            "w.yaml:3:11: actor 'hamas': kind: 'militia' is not one of person | organization | country | place | group | other",
        ])
    }

    @Test func invalidIDs() {
        #expect(watchlistErrors("actors:\n  - {id: Hamas, name: Hamas}\n  - {id: -x, name: X}\n  - {id: a b, name: Y}\n  - {name: Z}\n") == [
            "w.yaml:2:10: actor #1: id 'Hamas' has upper-case letters (ids are lower case: 'hamas')",
            "w.yaml:3:10: actor #2: id '-x' must start with a-z or 0-9",
            "w.yaml:4:10: actor #3: id 'a b' may only contain a-z, 0-9, '.', '_' and '-'",
            "w.yaml:5:5: actor #4: missing required key 'id'",
        ])
    }

    @Test func badCaseModeAndEmptyRequires() {
        #expect(watchlistErrors("""
            actors:
              - id: shin-bet
                name: Shin Bet
                aliases:
                  - text: ISA
                    case: upper
                  - text: Bar
                    requires: []
                  - case: exact
            """) == [
            "w.yaml:6:15: actor 'shin-bet': alias 'ISA': case: 'upper' is not one of smart | exact | ignore",
            "w.yaml:8:19: actor 'shin-bet': alias 'Bar': requires list is empty (remove it to match unconditionally)",
            "w.yaml:9:9: actor 'shin-bet': alias needs a 'text' key",
        ])
    }

    @Test func repeatedKey() {
        #expect(watchlistErrors("actors:\n  - id: a\n    name: A\n    name: B\n") == [
            "w.yaml:4:5: actor 'a': key 'name' appears twice (first at line 3)",
        ])
    }

    @Test func secondDocument() {
        #expect(watchlistErrors("actors: []\n---\nactors: []\n") == [
            "w.yaml:2:1: only one YAML document is allowed in this file (found a second '---')",
        ])
    }

    @Test func missingFile() {
        #expect(throws: ConfigError.self) { try WatchlistLoader.load(file: "/nonexistent/watchlist.yaml") }
        do {
            _ = try WatchlistLoader.load(file: "/nonexistent/watchlist.yaml")
        } catch {
            #expect(error.description == "/nonexistent/watchlist.yaml:1:1: cannot read watchlist: no such file or directory")
                }
    }

    @Test func badDurationSizeAndNumber() {
        #expect(configErrors("""
            interval: 15
            max_item_age: 7 days
            fetch:
              concurrency: many
              per_host: 0
              max_bytes: 16 megs
              timeout: -3s
            feeds: []
            """) == [
            "c.yaml:1:11: interval: '15' is not a duration (missing unit; use ms, s, m, h, d or w, e.g. 90s, 15m, 2h, 7d)",
            "c.yaml:2:15: max_item_age: '7 days' is not a duration (unknown unit 'days'; use ms, s, m, h, d or w, e.g. 90s, 15m, 2h, 7d)",
            "c.yaml:4:16: fetch: concurrency: 'many' is not a whole number",
            "c.yaml:5:13: fetch: per_host: 0 is out of range (1...256)",
            "c.yaml:7:12: fetch: timeout: '-3s' is not a duration (e.g. 90s, 15m, 2h, 7d)",
            "c.yaml:6:14: fetch: max_bytes: '16 megs' is not a size (unknown unit 'megs'; use B, KiB, MiB, GiB, KB, MB or GB)",
        ])
    }

    @Test func unknownConfigKeysAndBadFeeds() {
        #expect(configErrors("""
            watchlsit: w.yaml
            fetch:
              concurency: 4
            feeds:
              - url: https://example.org/feed
              - url: https://EXAMPLE.org/feed
              - url: example.org/rss
              - {url: "https://a.example/x", path: x.xml}
              - {url: "https://b.example/x", title: B}
              - https://
            """) == [
            "c.yaml:1:1: config: unknown key 'watchlsit' (known keys: watchlist, alerts, alerts_fsync, state, interval, max_item_age, item_retention, watch_config, fetch, metrics, cluster, feeds)",
            "c.yaml:3:3: fetch: unknown key 'concurency' (known keys: concurrency, per_host, timeout, connect_timeout, max_bytes, user_agent)",
            "c.yaml:6:10: duplicate feed URL https://EXAMPLE.org/feed (first listed at c.yaml:5:10)",
            "c.yaml:7:10: feed #3: 'example.org/rss' is not an absolute URL (expected http://, https:// or file://)",
            "c.yaml:8:5: feed #4: needs exactly one of url:, path: or opml: (found url and path)",
            "c.yaml:9:34: feed #5: unknown key 'title' (known keys: url, name, interval, tags, language)",
            "c.yaml:10:5: feed #6: 'https://' has no host name",
        ])
    }

    @Test func everyErrorOfBothFilesAtOnce() throws {
        let dir = try TemporaryDirectoryForConfig()
        try dir.write("w.yaml", "actors:\n  - {id: A, name: A}\n  - {id: b}\n")
        try dir.write("c.yaml", "watchlist: w.yaml\ninterval: soon\nfeeds: []\n")
        do {
            _ = try SetupLoader.load(configFile: dir.path + "/c.yaml", environment: [:])
            Issue.record("expected failure")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "\(dir.path)/c.yaml:2:11: interval: 'soon' is not a duration (e.g. 90s, 15m, 2h, 7d)",
                "\(dir.path)/w.yaml:2:10: actor #1: id 'A' has upper-case letters (ids are lower case: 'a')",
                "\(dir.path)/w.yaml:3:5: actor 'b': missing required key 'name'",
            ])
                }
    }
}
