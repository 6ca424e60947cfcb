@testable import FeedParse
import Testing

/// Atom's `source/author`, then its feed-level `author`, and JSON Feed's top-level `authors` apply
/// to items that name none of their own (RFC 4287 §4.2.1; JSON Feed 1.1 `authors`). RSS has no
/// such rule.
struct AuthorInheritanceTests {
    private func parse(_ text: String, readers: FeedParser.XMLReaders = .fastFirst) throws -> ParsedFeed {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes {
            try FeedParser.parse(raw: $0, documentURL: "https://a.example/feed", httpCharset: nil, maxBytes: nil,
                                 readers: readers).get()
        }
    }

    @Test(arguments: [FeedParser.XMLReaders.fastFirst, .libxml2])
    func atomEntriesWithoutAuthorsTakeTheFeeds(readers: FeedParser.XMLReaders) throws {
        let feed = try parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
              <author><name>Newsroom</name></author><author><email>desk@a.example</email></author>
              <entry><id>1</id><title>own</title><author><name>Ana Levi</name></author></entry>
              <entry><id>2</id><title>inherits</title></entry>
              <entry><id>3</id><title>source only</title><source><author><name>Wire</name></author></source></entry>
            </feed>
            """, readers: readers)
        #expect(feed.items.map(\.authors) == [["Ana Levi"], ["Newsroom", "desk@a.example"], ["Wire"]])
    }

    @Test func feedAuthorAfterTheEntriesStillApplies() throws {
        let feed = try parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title>x</title></entry>
            <author><name>Late</name></author></feed>
            """)
        #expect(feed.items.map(\.authors) == [["Late"]])
    }

    @Test func rssChannelHasNoAuthorToInherit() throws {
        let feed = try parse("""
            <rss version="2.0"><channel><managingEditor>ed@a.example</managingEditor>
            <item><title>x</title><guid>1</guid></item></channel></rss>
            """)
        #expect(feed.items.map(\.authors) == [[]])
    }

    @Test func jsonFeedItemsWithoutAuthorsTakeTheFeeds() throws {
        let feed = try parse("""
            {"version": "https://jsonfeed.org/version/1.1", "title": "J", "authors": [{"name": "Desk"}],
             "items": [{"id": "1", "content_text": "a", "authors": [{"name": "Own"}]},
                       {"id": "2", "content_text": "b"}]}
            """)
        #expect(feed.items.map(\.authors) == [["Own"], ["Desk"]])
        let old = try parse("""
            {"version": "https://jsonfeed.org/version/1", "author": {"name": "Solo"}, "items": [{"id": "1", "content_text": "a"}]}
            """)
        #expect(old.items.map(\.authors) == [["Solo"]])
    }
}
