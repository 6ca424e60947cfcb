@testable import FeedParse
import Foundation
import Testing

/// Issue 13: every item and every piece of text the lenient parsers keep. Each fixture is parsed
/// by both XML readers (the fast reader with its libxml2 fallback, and libxml2 alone); the
/// results must be equal, and the assertions hold for both.
struct FidelityTests {
    private func parse(_ name: String, httpCharset: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedFeed {
        let bytes = try Fixture.bytes("fidelity/" + name)
        let results = [FeedParser.XMLReaders.fastFirst, .libxml2].map { readers in
            bytes.withUnsafeBytes {
                FeedParser.parse(raw: $0, documentURL: "https://fidelity.example/feed", httpCharset: httpCharset,
                                 maxBytes: nil, readers: readers)
            }
        }
        #expect(results[0] == results[1], "the two readers disagree on \(name)", sourceLocation: sourceLocation)
        return try results[1].get()
    }

    // MARK: Items and fallback elements

    @Test func fallbackElementsFillAbsentFieldsAndStayMatchable() throws {
        let feed = try parse("rss-fallbacks.xml")
        #expect(feed.format == .rss2)
        #expect(feed.warnings == ["item 7: unparseable date \"yesterday-ish\""])
        #expect(feed.items.count == 8)

        let dublinCore = try feed.item("dc-only")
        #expect(dublinCore.title == "Title from Dublin Core")
        #expect(dublinCore.summary == "Summary from Dublin Core")
        #expect(dublinCore.authors == ["Jane Roe"])
        #expect(dublinCore.extraText.isEmpty)

        let podcast = try feed.item("itunes-extra")
        #expect(podcast.title == "Episode 12")
        #expect(podcast.summary == "Show notes")
        #expect(podcast.extraText == ["Guest: the Hamas spokesman"])
        #expect(podcast.authors == ["Pod Host"])

        let media = try feed.item("media-group")
        #expect(media.title == "Video title")
        #expect(media.summary == "Video about Qatar")
        #expect(media.extraText.isEmpty)

        #expect(try feed.item("rss-summary").summary == "Summary in the wild")
        #expect(try feed.item("content-no-slash").content == "Full text mentions Hezbollah")

        // An item with nothing but a date is kept; its key is the content hash.
        let bare = feed.items[5]
        #expect(bare.key.hasPrefix("hash:"))
        #expect(bare.title == nil && bare.summary == nil && bare.content == nil)
        #expect(bare.published == utc("2024-05-07T09:00:00Z"))

        #expect(try feed.item("dates").published == utc("2024-05-08T10:00:00Z"))
        #expect(try feed.item("dc-author").authors == ["Ed Itor"])
        #expect(feed.items.allSatisfy { $0.language == "en" })
    }

    @Test func rdfFallbacksAndItemLanguage() throws {
        let feed = try parse("rdf-fallbacks.xml")
        #expect(feed.format == .rss1)
        #expect(feed.language == "fr-FR")
        let first = try feed.item("https://rdf-fb.example/1")
        #expect(first.summary == "Résumé Dublin Core")
        #expect(first.language == "fr")
        let second = try feed.item("https://rdf-fb.example/2")
        #expect(second.title == "Titre DC")
        #expect(second.language == "de")
    }

    @Test func atomLanguageFromEntryThenTextConstructThenFeed() throws {
        let feed = try parse("atom-language.xml")
        #expect(feed.language == "de-DE")
        #expect(try feed.item("urn:lang:own").language == "en")
        #expect(try feed.item("urn:lang:text").language == "fr")
        #expect(try feed.item("urn:lang:inherited").language == "de")
        #expect(try feed.item("urn:lang:garbage").language == "de")
        let media = try feed.item("urn:lang:media")
        #expect(media.title == "Media title")
        #expect(media.summary == "Atom summary")
        #expect(media.extraText == ["Only here: Hezbollah"])
    }

    @Test(arguments: [
        ("de-DE", "de"), ("en-us", "en"), ("EN", "en"), ("pt_BR", "pt"), ("fil", "fil"), (" fr ", "fr"),
        ("english", nil), ("", nil), ("x-klingon", nil), ("e", nil), ("*", nil), ("12", nil),
    ] as [(String, String?)])
    func languageTagsKeepThePrimarySubtag(tag: String, expected: String?) {
        #expect(LanguageTag.primary(tag) == expected)
    }

    // MARK: Root elements and JSON Feed versions

    @Test func feedWithoutAtomNamespaceIsReadAsAtom() throws {
        let feed = try parse("atom-no-namespace.xml")
        #expect(feed.format == .atom10)
        #expect(feed.warnings == ["<feed> without the Atom namespace; read as Atom 1.0"])
        #expect(feed.link == "https://nons.example/")
        let entry = try feed.item("urn:nons:1")
        #expect(entry.title == "Bold title")
        #expect(entry.summary == "Plain summary")
        #expect(entry.authors == ["Ann"])
        #expect(entry.updated == utc("2024-05-02T12:00:00Z"))
    }

    @Test func rssWithoutVersionIsRSS2() throws {
        let feed = try parse("rss-no-version.xml")
        #expect(feed.format == .rss2)
        #expect(feed.warnings == ["<rss> without a version attribute; read as RSS 2.0"])
        #expect(try feed.item("nv1").title == "Still RSS")
        #expect(try feed.item("nv1").language == "ar")
    }

    @Test func jsonFeedWithBareOrMissingVersion() throws {
        let bare = try Fixture.parse("fidelity/jsonfeed-bare-version.json")
        #expect(bare.format == .jsonFeed11)
        #expect(bare.warnings == ["JSON Feed version \"1.1\" is not a jsonfeed.org URL; read as json-feed-1.1"])
        #expect(try bare.item("j1").language == "pt")
        #expect(try bare.item("j1").content == "Texto")
        #expect(try bare.item("j2").language == "en")
        let missing = try Fixture.parse("fidelity/jsonfeed-no-version.json")
        #expect(missing.format == .jsonFeed10)
        #expect(missing.warnings == ["JSON Feed without a version; read as json-feed-1.0"])
        #expect(try missing.item("n1").title == "Kept")
    }

    // MARK: Lexical repairs and entities

    @Test func atom03Base64TextIsDecoded() throws {
        let feed = try parse("atom03-base64.xml")
        let entry = try feed.item("urn:b64:1")
        #expect(entry.title == "Hamas and Qatar")
        #expect(entry.summary == "Hezbollah said")
        #expect(entry.content == "not !!! base64")
        // Text that is not base64 is left out rather than shown encoded.
        #expect(try feed.item("urn:b64:2").title == nil)
    }

    @Test func atom10BinaryTypesAreBase64AndEmptyTypeIsText() throws {
        let feed = try parse("atom10-base64-and-bodies.xml")
        let text = try feed.item("urn:b:1")
        #expect(text.title == "Empty type is text")
        #expect(text.content == "Hamas <b>said</b>")
        // An image decodes to bytes that are not UTF-8: no text.
        #expect(try feed.item("urn:b:2").content == nil)
        // A title or summary declaring a binary type is decoded the same way (feedparser does).
        let binary = try feed.item("urn:b:3")
        #expect(binary.title == "Mentions <b>Hamas</b> & more")
        #expect(binary.summary == "A summary in binary about Qatar")
    }

    @Test func xhtmlBodyAndFullitemAreContent() throws {
        let feed = try parse("rss-xhtml-body.xml")
        #expect(try feed.item("body").content == "Full text with Qatar")
        #expect(try feed.item("fullitem").content == "Full item about Doha")
        // `body` without the XHTML namespace is still the body; script text is no text.
        #expect(try feed.item("bare-body").content == "Talks in Doha")
        #expect(try feed.item("body").language == nil)
    }

    @Test func cdfChannelsAndItems() throws {
        let feed = try parse("cdf.xml")
        #expect(feed.format == .cdf)
        #expect(feed.title == "Channel Definition Format")
        #expect(feed.link == "https://cdf.example/")
        #expect(feed.items.count == 3)
        let first = try feed.item("https://cdf.example/1")
        #expect(first.title == "Talks with Hamas")
        #expect(first.summary == "An abstract about Qatar")
        #expect(first.updated == utc("2004-04-07T04:05:43Z"))
        // Items of a nested channel are items too; HREF resolves like any link.
        #expect(try feed.item("https://cdf.example/2").title == "Nested channel item")
        // RSS's lower-case names keep working inside CDF items (feedparser ignores case).
        let last = feed.items[2]
        #expect(last.title == "A lower-case title is read too")
        #expect(last.link == nil)
    }

    @Test func rssTextElementLanguageIsTheItemsFallback() throws {
        let feed = try parse("rss-xhtml-body.xml")
        #expect(try feed.item("body-lang").language == "en")
        #expect(try feed.item("body-lang").content == "Example content")
        #expect(try feed.item("encoded-lang").language == "de")
        #expect(try feed.item("encoded-lang").content == "Gespr\u{e4}che")
        // The item's own dc:language wins over its text's xml:lang.
        #expect(try feed.item("own-lang").language == "fr")
        #expect(try feed.item("own-lang").content == "Texte")
    }

    @Test func capitalHexReferencesAndControlCharacters() throws {
        let feed = try parse("lexical.xml")
        let item = try feed.item("lex")
        #expect(item.title == "Accord with Hamas!")
        #expect(item.summary == "Keep B in CDATA")
        #expect(feed.warnings == ["dropped 1 control character XML does not allow",
                                  "read \"&#X\" character references as hexadecimal"])
    }

    @Test func internalEntitiesExpandBounded() throws {
        let feed = try parse("internal-entities.xml")
        #expect(feed.link == "https://ent.example/")
        let item = try feed.item("tag:example.com,2006-05-04:1")
        #expect(item.title == "Talks: Qatar & Hamas officials")
        #expect(item.link == "https://ent.example/1")
        #expect(item.summary == "About and here")
        #expect(feed.warnings.contains("DTD entity not expanded (recursive or over 65536 bytes): loop"))
    }

    // MARK: Encodings

    @Test func undeclaredNonUTF8IsWindows1252() throws {
        let feed = try parse("no-declaration-windows1252.xml")
        #expect(feed.title == "Sin declaración")
        #expect(try feed.item("w1252").title == "Chávez y Petro \u{201C}hablan\u{201D}")
        #expect(feed.warnings == ["no encoding declared and the bytes are not UTF-8; decoded as windows-1252"])
    }

    @Test func latin1LabelWithUTF8BodyIsUTF8() throws {
        let feed = try parse("latin1-label-utf8-body.xml")
        #expect(try feed.item("utf8").title == "Brøndby møder Qatar")
        #expect(feed.warnings == ["labelled as a Latin-1 charset but the text is UTF-8; decoded as UTF-8"])
        // The same under an HTTP label; and real Latin-1 stays Latin-1, silently.
        #expect(try parse("latin1-label-utf8-body.xml", httpCharset: "iso-8859-1").items.first?.title
                == "Brøndby møder Qatar")
        let latin1 = try parse("latin1-label-latin1-body.xml")
        #expect(try latin1.item("latin1").title == "Brøndby møder Qatar")
        #expect(latin1.warnings.isEmpty)
    }

    // MARK: Namespaces

    @Test(arguments: [
        ("http://purl.org/rss/1.0/modules/content/", XMLNamespace.content),
        ("http://purl.org/rss/1.0/modules/content", .content),
        ("http://purl.org/dc/elements/1.1/", .dublinCore), ("http://purl.org/dc/elements/1.1", .dublinCore),
        ("http://purl.org/dc/terms/", .dublinCore), ("http://purl.org/dc/terms", .dublinCore),
        ("http://search.yahoo.com/mrss/", .media), ("http://search.yahoo.com/mrss", .media),
        ("https://search.yahoo.com/mrss/", .media),
        ("http://www.itunes.com/dtds/podcast-1.0.dtd", .itunes), ("http://www.itunes.com/DTDs/Podcast-1.0.dtd", .itunes),
        ("https://www.itunes.com/dtds/podcast-1.0.dtd", .itunes),
        ("http://www.w3.org/2005/Atom/", .other), ("http://example.com/purl.org/dc/terms", .other),
    ])
    func namespaceSpellings(uri: String, expected: XMLNamespace) {
        #expect(XMLNamespace.classify(uri) == expected)
    }

    // MARK: Helpers

    @Test(arguments: [
        ("Jane Roe (jane@example.com)", "Jane Roe"), ("jane@example.com (Jane Roe)", "Jane Roe"),
        ("Jane Roe <jane@example.com>", "Jane Roe"), ("jane@example.com", "jane@example.com"),
        ("Jane Roe", "Jane Roe"), ("Rock (band)", "Rock (band)"), ("(x@y.z)", "(x@y.z)"),
    ])
    func personNames(text: String, expected: String) {
        #expect(PersonText.name(text) == expected)
    }

    @Test func base64Decoding() {
        let decode = { (text: String) in Array(text.utf8).withUnsafeBufferPointer(Base64Text.decode) }
        #expect(decode("SGk=") == Array("Hi".utf8))
        #expect(decode("SG\n k=") == Array("Hi".utf8))
        #expect(decode("SGk=x") == nil)
        #expect(decode("S*k=") == nil)
        #expect(decode("") == [])
    }

    @Test func billionLaughsStaysRefused() throws {
        let feed = try Fixture.parse("hostile/billion-laughs.xml")
        #expect(feed.warnings.contains { $0.hasPrefix("DTD entities not expanded (recursive or over 65536 bytes): ") })
        #expect(try feed.item("https://laughs.example/1").summary == "Text around")
    }
}
