import FeedParse
import Testing

/// Documents without a feed are an error that names what was found.
struct NotAFeedTests {
    @Test(arguments: [
        ("notfeed/html-page.html", FeedParseError.notAFeed(found: "HTML page")),
        ("notfeed/html-no-doctype.html", .notAFeed(found: "HTML page")),
        ("notfeed/xhtml-page.xml", .notAFeed(found: "HTML page")),
        ("notfeed/opml.xml", .notAFeed(found: "XML document with root element <opml>")),
        ("notfeed/empty.xml", .notAFeed(found: "empty body")),
        ("notfeed/whitespace-only.xml", .notAFeed(found: "empty body")),
        ("notfeed/image.png", .notAFeed(found: "binary data (PNG image)")),
        ("notfeed/gzipped.xml.gz", .notAFeed(found: "binary data (gzip-compressed data)")),
        ("notfeed/plain.txt", .notAFeed(found: "text that is neither XML nor JSON")),
        ("notfeed/json-array.json", .notAFeed(found: "JSON document that is not a JSON Feed")),
        ("notfeed/json-not-feed.json", .notAFeed(found: "JSON document that is not a JSON Feed (no jsonfeed.org version)")),
        ("notfeed/json-malformed.json", .malformedJSON("The given data was not valid JSON.")),
        ("notfeed/no-root.xml", .notAFeed(found: "malformed XML without a root element")),
    ])
    func reportsWhatWasFound(fixture: String, expected: FeedParseError) throws {
        let error = try Fixture.error(fixture)
        #expect(error?.code == expected.code)
        if case .malformedJSON = expected {
            #expect(error?.description.hasPrefix("malformed JSON: The given data was not valid JSON.") == true)
        } else {
            #expect(error == expected)
        }
    }

    @Test func messagesAreOneLine() {
        #expect(FeedParseError.notAFeed(found: "HTML page").description == "not a feed: found HTML page")
        #expect(FeedParseError.notAFeed(found: "HTML page").code == "not-a-feed")
    }
}
