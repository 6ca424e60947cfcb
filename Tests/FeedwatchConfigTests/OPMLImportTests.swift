import FeedwatchConfig
import Testing
import TestSupport

struct OPMLImportTests {
    static let nested = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0">
          <head><title>Subscriptions</title></head>
          <body>
            <outline text="Middle East">
              <outline text="Al Jazeera" title="Al Jazeera English" type="rss" xmlUrl="https://www.aljazeera.com/xml/rss/all.xml"/>
              <outline text="Turkey">
                <outline text="Daily Sabah" xmlurl="https://www.dailysabah.com/rss/turkiye"/>
              </outline>
            </outline>
            <outline text="No URL, just a folder"/>
            <outline text="Times of Israel" XMLURL="https://www.timesofisrael.com/feed/"/>
            <outline text="Duplicate" xmlUrl="https://example.org/feed"/>
          </body>
        </opml>
        """

    @Test func importsNestedOutlines() throws {
        let dir = try TemporaryDirectory()
        try dir.write("subs/list.opml", Self.nested)
        let file = try dir.write("c.yaml", """
            feeds:
              - url: https://example.org/feed
              - opml: subs/list.opml
                interval: 1h
                tags: [imported]
            """)
        let loaded = try ConfigLoader.load(file: file, environment: [:])
        let feeds = loaded.value.feeds
        let opmlPath = "\(dir.path)/subs/list.opml"
        #expect(feeds.map(\.url) == [
            "https://example.org/feed", "https://www.aljazeera.com/xml/rss/all.xml",
            "https://www.dailysabah.com/rss/turkiye", "https://www.timesofisrael.com/feed/",
        ])
        #expect(feeds.map(\.name) == [nil, "Al Jazeera English", "Daily Sabah", "Times of Israel"])
        #expect(feeds[1].origin == .opml(file: opmlPath))
        #expect(feeds[1].interval == .seconds(3600))
        #expect(feeds[1].tags == ["imported"])
        #expect(feeds[2].location == SourceLocation(file: opmlPath, line: 8, column: 1))
        // A feed already listed in the config is skipped with a warning naming both places.
        #expect(loaded.warnings.map(\.description) == [
            "\(opmlPath):13:1: warning: https://example.org/feed is already listed at \(file):2:10; this copy is skipped",
        ])
    }

    @Test func malformedOPMLNamesTheFileLineAndColumn() throws {
        let dir = try TemporaryDirectory()
        try dir.write("bad.opml", "<opml><body>\n  <outline text=\"a\" xmlUrl=\"https://a.example/\">\n</body></opml>\n")
        let file = try dir.write("c.yaml", "feeds:\n  - opml: bad.opml\n")
        #expect(throws: ConfigError.self) { try ConfigLoader.load(file: file, environment: [:]) }
        do {
            _ = try ConfigLoader.load(file: file, environment: [:])
        } catch {
            #expect(error.description == "\(dir.path)/bad.opml:3:8: malformed OPML: Opening and ending tag mismatch: outline line 2 and body")
        }
    }

    @Test func notAnOPMLFile() throws {
        let dir = try TemporaryDirectory()
        try dir.write("feed.opml", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>\n")
        let file = try dir.write("c.yaml", "feeds:\n  - opml: feed.opml\n")
        do {
            _ = try ConfigLoader.load(file: file, environment: [:])
            Issue.record("expected failure")
        } catch {
            #expect(error.description == "\(dir.path)/feed.opml:2:1: not an OPML file (the root element is <rss>, expected <opml>)")
        }
    }

    @Test func missingOPMLFileIsReportedAtTheConfigLine() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("c.yaml", "feeds:\n  - opml: gone.opml\n")
        do {
            _ = try ConfigLoader.load(file: file, environment: [:])
            Issue.record("expected failure")
        } catch {
            #expect(error.description == "\(file):2:11: cannot read OPML file '\(dir.path)/gone.opml': no such file or directory")
        }
    }

    @Test func emptyOPMLIsAWarningAndBadOutlineURLsAreErrors() throws {
        let dir = try TemporaryDirectory()
        try dir.write("empty.opml", "<opml><body><outline text=\"folder\"/></body></opml>")
        try dir.write("bad.opml", "<opml><body>\n<outline xmlUrl=\"not a url\"/></body></opml>")
        let ok = try dir.write("ok.yaml", "feeds:\n  - opml: empty.opml\n")
        #expect(try ConfigLoader.load(file: ok, environment: [:]).warnings.map(\.description) == [
            "\(ok):2:11: warning: feed #1: \(dir.path)/empty.opml lists no feeds (no outline has an xmlUrl)",
        ])
        let bad = try dir.write("bad.yaml", "feeds:\n  - opml: bad.opml\n")
        do {
            _ = try ConfigLoader.load(file: bad, environment: [:])
            Issue.record("expected failure")
        } catch {
            #expect(error.description == "\(dir.path)/bad.opml:2:1: outline: 'not a url' is not an absolute URL (expected http://, https:// or file://)")
        }
    }
}
