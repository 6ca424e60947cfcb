import FeedParse
import Foundation
import Testing

/// Dates, links, ttl, language, authors, categories and media fallbacks.
struct FieldTests {
    @Test func rfc822Variants() throws {
        let feed = try Fixture.parse("fields/dates-rfc822.xml")
        let expected: [String: String?] = [
            "d01": "2003-06-10T04:00:00Z", "d02": "2003-06-10T04:00:00Z", "d03": "2003-06-10T09:00:00Z",
            "d04": "2003-06-10T09:00:00Z", "d05": "2003-06-10T11:00:00Z", "d06": "2003-06-10T04:00:00Z",
            "d07": "2003-06-10T04:00:00Z", "d08": "2003-06-10T03:00:00Z", "d09": "2003-06-10T05:00:00Z",
            "d10": "2003-06-10T09:00:00Z", "d11": "2003-06-10T11:00:00Z", "d12": "1999-06-10T18:29:59Z",
            "d13": "2003-06-10T00:00:00Z", "d14": "2024-05-01T12:00:00Z", "d15": nil, "d16": nil, "d17": nil,
            "d18": "2003-06-10T02:00:00Z",
        ]
        for (key, date) in expected {
            #expect(try feed.item(key).published == date.flatMap(utc), "\(key)")
        }
        #expect(feed.warnings == [
            "item 15: unparseable date \"Wed, 29 Feb 2023 10:00:00 GMT\"",
            "item 16: unparseable date \"yesterday\"",
            "item 17: unparseable date \"Tue, 10 Jun 2003 25:00:00 GMT\"",
        ])
    }

    @Test func iso8601AndW3CDTFVariants() throws {
        let feed = try Fixture.parse("fields/dates-iso8601.xml")
        let expected: [String: String?] = [
            "i01": "2024-05-01T10:20:30Z", "i03": "2024-05-01T13:50:30Z", "i04": "2024-05-01T10:20:00Z",
            "i05": "2024-05-01T10:20:30Z", "i06": "2024-05-01T00:00:00Z", "i07": "2024-05-01T00:00:00Z",
            "i08": "2024-01-01T00:00:00Z", "i09": "2024-05-01T10:20:30Z", "i10": nil, "i11": "2024-05-01T05:20:30Z",
            "i12": "2024-05-01T10:20:30Z",
        ]
        for (key, date) in expected {
            #expect(try feed.item(key).published == date.flatMap(utc), "\(key)")
        }
        let fractional = try #require(try feed.item("i02").published)
        #expect(abs(fractional.timeIntervalSince(try #require(utc("2024-05-01T08:20:30Z"))) - 0.123456) < 0.000001)
        #expect(feed.warnings == ["item 10: unparseable date \"2024-13-01T00:00:00Z\""])
    }

    @Test(arguments: [
        ("Sat, 28 Nov 2026 03:38:27 GMT", "2026-11-28T03:38:27Z"),
        ("28 Nov 26 03:38 +0100", "2026-11-28T02:38:00Z"),
        ("Sat, 28 Nov 2026 03:38:27 GMT+0200", "2026-11-28T01:38:27Z"),
        ("2026-11-28T03:38:27.5Z", nil),
        ("2026-02-29", nil),
        ("2024-02-29", "2024-02-29T00:00:00Z"),
        ("31 Apr 2024 10:00:00 GMT", nil),
        ("", nil),
        ("Mon, 99 Foo 2024", nil),
        ("1 January 1970 00:00:00 GMT", "1970-01-01T00:00:00Z"),
    ] as [(String, String?)])
    func feedDateParse(text: String, expected: String?) {
        if text == "2026-11-28T03:38:27.5Z" {
            #expect(FeedDate.parse(text) == utc("2026-11-28T03:38:27Z")?.addingTimeInterval(0.5))
        } else {
            #expect(FeedDate.parse(text) == expected.flatMap(utc))
        }
    }

    @Test func relativeLinksResolveAgainstTheDocumentURL() throws {
        let feed = try Fixture.parse("fields/document-url-resolution.xml", documentURL: "https://site.example/feeds/main.xml")
        #expect(feed.link == "https://site.example/news/")
        #expect(feed.items.map(\.link) == ["https://site.example/news/item-1.html", "https://cdn.example.net/x",
                                           "mailto:desk@example.com"])
    }

    @Test func invalidTTLIsAWarningAndLanguageIsTrimmed() throws {
        let feed = try Fixture.parse("fields/ttl-and-language.xml")
        #expect(feed.ttl == nil)
        #expect(feed.language == "pt-BR")
        #expect(feed.warnings == ["ignored ttl \"sixty\": not a number of minutes"])
    }

    @Test func authorsAndCategoriesFromEveryNamespace() throws {
        let item = try Fixture.parse("fields/authors-and-categories.xml").item("p1")
        #expect(item.authors == ["Editor", "Ana & Luis", "Second Creator"])
        #expect(item.categories == ["World & Politics", "Diplomacy"])
    }

    @Test func atomSourceGivesOnlyItsAuthorsToAnEntryWithoutAny() throws {
        // RFC 4287 §4.2.1: an entry without authors takes its source's, then the feed's; the
        // source's title and links stay the original feed's.
        let feed = try Fixture.parse("fields/atom-source-ignored.xml")
        let item = try feed.item("s1")
        #expect(item.title == "Entry title")
        #expect(item.link == "https://agg.example/s1")
        #expect(item.authors == ["Original Author"])
        #expect(feed.title == "Aggregator")
    }

    @Test func mediaTitleAndDescriptionAreFallbacks() throws {
        let feed = try Fixture.parse("fields/media-only.xml")
        let clip = try feed.item("https://video.example/1")
        #expect(clip.title == "Clip: Kim Jong Un parade")
        #expect(clip.summary == "Footage from Pyongyang")
        let own = try feed.item("https://video.example/2")
        #expect(own.title == "Own title wins")
        #expect(own.summary == "Own description wins")
    }
}
