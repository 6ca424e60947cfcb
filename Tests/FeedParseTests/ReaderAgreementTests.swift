@testable import FeedParse
import Testing

/// `FastXMLReader` may only make well-formed documents faster: whatever it accepts must parse to
/// exactly what libxml2 alone yields.
struct ReaderAgreementTests {
    private func parse(_ bytes: [UInt8], readers: FeedParser.XMLReaders) -> Result<ParsedFeed, FeedParseError> {
        bytes.withUnsafeBytes {
            FeedParser.parse(raw: $0, documentURL: "https://agree.example/feed", httpCharset: nil, maxBytes: nil,
                             readers: readers)
        }
    }

    @Test func bothReadersAgreeOnEveryFixture() throws {
        var accepted = 0
        for name in try Fixture.all() {
            let bytes = try Fixture.bytes(name)
            let fast = parse(bytes, readers: .fastFirst)
            let slow = parse(bytes, readers: .libxml2)
            #expect(fast == slow, "\(name)")
            if bytes.withUnsafeBufferPointer({ FastXMLReader.read($0, documentURL: nil) }) != nil { accepted += 1 }
        }
        // Most fixtures are well-formed; the fast reader must actually be exercised.
        #expect(accepted >= 40)
    }

    @Test(arguments: [
        "<rss version=\"2.0\"><channel><item><title a='1' b=\"x&amp;y\">T&#233;&#x4E2D;&nbsp;x</title></item></channel></rss>",
        "<?xml version=\"1.0\"?>\r\n<!DOCTYPE rss PUBLIC \"-//x//EN\" \"http://x/rss.dtd\">\r\n<rss version=\"2.0\"><channel><item><description>line\r\nbreak\rx</description><guid>g</guid></item></channel></rss>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:x=\"urn:x\"><entry xml:base=\"https://b.example/\"><id>1</id><link href=\"a\"/><x:title>no</x:title><title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">A<br/>B</div></title></entry></feed>",
        "<rss version=\"2.0\"><channel><item><title>x</title><undeclared:foo>y</undeclared:foo></item></channel></rss>",
        "<rss version=\"2.0\"><channel><item><title>x</title></item></channel></rss><!-- tail --><?pi x?>",
        "<rss><channel><item><title>&bogus; then &lt;b&gt;</title></item></channel></rss>",
        "<rss><channel><item><title attr=\"a\nb\tc\r\nd\">x</title><guid isPermaLink=\"false\">  g  </guid></item></channel></rss>",
    ])
    func bothReadersAgreeOnEdgeCases(document: String) {
        let bytes = Array(document.utf8)
        #expect(parse(bytes, readers: .fastFirst) == parse(bytes, readers: .libxml2))
    }
}

/// Issue 13's repairs apply identically whichever reader starts.
struct RepairAgreementTests {
    @Test(arguments: [
        "<rss><channel><item><guid><![CDATA[&#X41;]]></guid><title>&#X42;</title></item></channel></rss>",
        "<rss><channel><item><guid>&#X4;</guid><title a=\"&#X43;\">x</title></item></channel></rss>",
        "<rss><channel><item><guid><![CDATA[&#X41;]]></guid><!-- &#X41; --><title>plain</title></item></channel></rss>",
        "<feed><entry><id>1</id><title xml:lang=\"de\">t</title></entry></feed>",
        "<!DOCTYPE rss [<!ENTITY a \"&#X41;\">]><rss><channel><item><guid>&a;</guid></item></channel></rss>",
    ])
    func bothReadersAgree(document: String) {
        let bytes = Array(document.utf8)
        let results = [FeedParser.XMLReaders.fastFirst, .libxml2].map { readers in
            bytes.withUnsafeBytes {
                FeedParser.parse(raw: $0, documentURL: nil, httpCharset: nil, maxBytes: nil, readers: readers)
            }
        }
        #expect(results[0] == results[1])
    }
}
