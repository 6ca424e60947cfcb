import FeedParse
import Testing

/// Byte-order mark, then HTTP charset, then XML declaration, then UTF-8; bad bytes never fatal.
struct EncodingTests {
    @Test(arguments: [
        ("encoding/utf8-bom.xml", "Zürich — ok"),
        ("encoding/utf8-bom-wrong-declaration.xml", "São Paulo"),
        ("encoding/utf16le-bom.xml", "Kyiv — Київ"),
        ("encoding/utf16be-bom.xml", "Kyiv — Київ"),
        ("encoding/utf16le-nobom.xml", "Kyiv — Київ"),
        ("encoding/windows1252-labelled-latin1.xml", "“Quoted” Macron’s €100 – café"),
        ("encoding/us-ascii-label.xml", "Smart ‘quotes’ naïve"),
        ("encoding/koi8r.xml", "Москва и Киев"),
        ("encoding/shift-jis.xml", "東京と北京"),
        ("encoding/iso-8859-15.xml", "Prix 10 €"),
    ])
    func decodesTitle(fixture: String, title: String) throws {
        let feed = try Fixture.parse(fixture)
        #expect(feed.items.first?.title == title)
        #expect(feed.warnings.isEmpty)
    }

    @Test func httpCharsetOutranksTheXMLDeclaration() throws {
        let feed = try Fixture.parse("encoding/http-charset-vs-declaration.xml", httpCharset: "ISO-8859-1")
        #expect(feed.items.first?.title == "Erdoðan? no: München „quoted“")
        #expect(feed.warnings.isEmpty)
    }

    @Test func withoutHTTPCharsetTheDeclarationIsUsedAndBadBytesReplaced() throws {
        let feed = try Fixture.parse("encoding/http-charset-vs-declaration.xml")
        #expect(feed.items.first?.title == "Erdo\u{FFFD}an? no: M\u{FFFD}nchen \u{FFFD}quoted\u{FFFD}")
        #expect(feed.warnings == ["replaced 4 invalid bytes in the document"])
    }

    @Test func byteOrderMarkOutranksHTTPCharset() throws {
        let feed = try Fixture.parse("encoding/utf8-bom.xml", httpCharset: "iso-8859-1")
        #expect(feed.items.first?.title == "Zürich — ok")
    }

    @Test func invalidUTF8IsReplacedAndLaterTextKept() throws {
        let feed = try Fixture.parse("encoding/invalid-utf8.xml")
        let item = try #require(feed.items.first)
        #expect(item.title == "Bad \u{FFFD}\u{FFFD} byte and \u{FFFD} truncated and \u{FFFD}\u{FFFD}\u{FFFD} surrogate")
        #expect(item.summary == "After the damage: Hamas")
        #expect(feed.warnings == ["replaced 6 invalid bytes in the document"])
    }

    /// Dropped, not turned into spaces: a control character inside a word must not split it.
    @Test func controlCharactersAreDropped() throws {
        let feed = try Fixture.parse("encoding/control-characters.xml")
        #expect(feed.items.first?.title == "Bellandverticaltab")
        #expect(feed.warnings == ["dropped 3 control characters XML does not allow"])
    }

    @Test func unknownCharsetFallsBackToUTF8WithAWarning() throws {
        let feed = try Fixture.parse("encoding/unknown-charset.xml")
        #expect(feed.items.first?.title == "Plain ASCII survives")
        #expect(feed.warnings == ["unknown charset \"x-made-up-42\"; decoded as UTF-8"])
    }
}
