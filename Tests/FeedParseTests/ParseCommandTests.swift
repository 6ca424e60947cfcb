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
