import Foundation
import Testing
import TestSupport

/// `feedwatch parse` run as a real child process on real files.
struct ParseCommandTests {
    @Test func printsFeedAndItemsAsText() throws {
        let path = try Fixture.directory.appendingPathComponent("formats/rss2.xml").path
        let output = try runProcess(Products.feedwatch, ["parse", path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("  format: rss-2.0\n  title: World Desk\n"))
        #expect(output.stdout.contains("  ttl: 45 min\n"))
        #expect(output.stdout.contains("""
            item 1
              key: https://world.example.com/2024/05/sanctions
              link: https://world.example.com/2024/05/sanctions
              published: 2024-05-01T08:30:00Z
            """))
        #expect(output.stdout.contains("  summary:\n    The European Union agreed.\n    More soon.\n"))
    }

    @Test func printsOneJSONObjectPerItem() throws {
        let path = try Fixture.directory.appendingPathComponent("formats/rss2.xml").path
        let output = try runProcess(Products.feedwatch, ["parse", "--json", path])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["key"] as? String == "https://world.example.com/2024/05/sanctions")
        #expect(first["summary"] as? String == "The European Union agreed.\nMore soon.")
        #expect(first["published"] as? String == "2024-05-01T08:30:00Z")
        #expect(first["format"] as? String == "rss-2.0")
        #expect(first["feed_title"] as? String == "World Desk")
    }

    @Test func showsItemLanguageExtraTextAndItemsWithoutText() throws {
        let path = try Fixture.directory.appendingPathComponent("fidelity/rss-fallbacks.xml").path
        let text = try runProcess(Products.feedwatch, ["parse", path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("  items: 8\n"))
        #expect(text.stdout.contains("""
              authors: Pod Host
              language: en
              title:
                Episode 12
              summary:
                Show notes
              extra:
                Guest: the Hamas spokesman
            """))
        let json = try runProcess(Products.feedwatch, ["parse", "--json", path])
        #expect(json.status == 0, "\(json.stderr)")
        let lines = json.stdout.split(separator: "\n")
        #expect(lines.count == 8)
        let podcast = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(podcast["language"] as? String == "en")
        #expect(podcast["extraText"] as? [String] == ["Guest: the Hamas spokesman"])
        #expect(lines[0].hasPrefix(#"{"authors":["Jane Roe"],"categories":[],"feed_title":"Fallbacks","format":"rss-2.0","guid":"dc-only","key":"dc-only","language":"en","source":"#))
        let bare = try #require(try JSONSerialization.jsonObject(with: Data(lines[5].utf8)) as? [String: Any])
        #expect(bare["published"] as? String == "2024-05-07T09:00:00Z")
        #expect(bare["title"] == nil)
    }

    @Test func jsonEscapesAndDates() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("escapes.xml", """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Quote " and \\ back</title>
            <entry><id>e1</id><title>Tab&#9;and&#10;line</title><updated>1969-12-31T23:59:59.5Z</updated>
            <published>2400-02-29T12:34:56Z</published></entry></feed>
            """)
        let json = try runProcess(Products.feedwatch, ["parse", "--json", path])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["feed_title"] as? String == "Quote \" and \\ back")
        #expect(object["updated"] as? String == "1969-12-31T23:59:59Z")
        #expect(object["published"] as? String == "2400-02-29T12:34:56Z")
    }

    @Test func reportsNotAFeedAndContinuesWithTheNextSource() throws {
        let html = try Fixture.directory.appendingPathComponent("notfeed/html-page.html").path
        let feed = try Fixture.directory.appendingPathComponent("formats/rss1.xml").path
        let output = try runProcess(Products.feedwatch, ["parse", html, feed])
        #expect(output.status == 1)
        #expect(output.stderr == "feedwatch parse: \(html): not a feed: found HTML page\n")
        #expect(output.stdout.contains("title: RDF Site Summary"))
    }

    // URLs are fetched with the daemon's fetcher: see ParseURLTests in CLITests.

    @Test func missingFileIsNamed() throws {
        let directory = try TemporaryDirectory()
        let output = try runProcess(Products.feedwatch, ["parse", "\(directory.path)/absent.xml"])
        #expect(output.status == 1)
        #expect(output.stderr == "feedwatch parse: \(directory.path)/absent.xml: cannot read file\n")
    }
}
