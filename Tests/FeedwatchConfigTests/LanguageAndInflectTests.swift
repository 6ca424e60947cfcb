import FeedwatchConfig
import TestSupport
import Testing

/// `language:` on feeds and OPML entries, `inflect:` on actors, aliases and exclude phrases.
struct LanguageAndInflectTests {
    @Test func feedLanguageIsKeptAsWritten() throws {
        let loaded = try config("""
            feeds:
              - url: https://a.example/feed
                language: de-DE
              - url: https://b.example/feed
                language: ru
              - https://c.example/feed
            """)
        #expect(loaded.value.feeds.map(\.language) == ["de-DE", "ru", nil])
    }

    @Test func aBadLanguageTagIsAnErrorAtItsValue() {
        #expect(configErrors("""
            feeds:
              - url: https://a.example/feed
                language: german
              - url: https://b.example/feed
                language: "de-"
            """) == [
            "c.yaml:3:15: feed #1: language 'german' is not a language tag (expected a code such as de, ru or pt-BR)",
            "c.yaml:5:15: feed #2: language 'de-' is not a language tag (expected a code such as de, ru or pt-BR)",
        ])
    }

    @Test func opmlLanguageAppliesToEveryFeedOfTheFile() throws {
        let dir = try TemporaryDirectory()
        try dir.write("subs.opml", """
            <opml version="2.0"><body>
              <outline text="A" xmlUrl="https://a.example/rss"/>
              <outline text="B" xmlUrl="https://b.example/rss"/>
            </body></opml>
            """)
        let file = try dir.write("c.yaml", "feeds:\n  - opml: subs.opml\n    language: he\n")
        let loaded = try ConfigLoader.load(file: file, environment: [:])
        #expect(loaded.value.feeds.map(\.language) == ["he", "he"])
    }

    @Test func inflectOnActorsAliasesAndExcludes() throws {
        let loaded = try watchlist("""
            actors:
              - id: katar
                name: Katar
                inflect: false
                aliases: [Katar, {text: Qatar, inflect: true}]
                exclude: [{text: Katarina}]
              - id: iran
                name: Iran
                aliases: [Iran, {text: Иран, inflect: no}]
            """)
        let actors = loaded.value.actors
        #expect(actors[0].aliases.map(\.inflect) == [false, true])
        #expect(actors[0].exclude.map(\.inflect) == [false])
        #expect(actors[1].aliases.map(\.inflect) == [true, false])
    }

    @Test func inflectMustBeABoolean() {
        #expect(watchlistErrors("actors:\n  - {id: a, name: A, inflect: sometimes}\n") == [
            "w.yaml:2:31: actor 'a': inflect: 'sometimes' is not true or false",
        ])
    }
}
