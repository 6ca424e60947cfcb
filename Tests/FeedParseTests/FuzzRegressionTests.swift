import FeedParse
import Foundation
import Testing

/// Inputs the fuzzer found (crashes, disagreements, slow units) stay fixed. Each one lives in
/// `Fixtures/fuzz/`; `FixtureCorpusTests` and `ReaderAgreementTests` also run them.
struct FuzzRegressionTests {
    /// A mutated quadratic-blowup document: thousands of undefined entity references plus stray
    /// `&`, which triggers the second parse. It took 11 s under ASan on a loaded machine; it must
    /// stay linear.
    @Test func manyUndefinedEntityReferencesAndStrayAmpersands() throws {
        let feed = try Fixture.parse("fuzz/slow-undefined-entities.xml")
        #expect(feed.title == "Quadratic")
        #expect(feed.items.map(\.key) == ["https://quad.example/1"])
        // Its mutated bytes are not UTF-8 and it declares no encoding: read as windows-1252.
        #expect(feed.warnings.prefix(3) == ["no encoding declared and the bytes are not UTF-8; decoded as windows-1252",
                                            "dropped 9 control characters XML does not allow",
                                            "XML line 4: Entity 'big' not defined"])
    }

    /// The fast reader accepted an `xmlns` value with spaces, which libxml2 reports as "not a
    /// valid URI": the two readers' warnings differed. Such documents now go to libxml2.
    @Test func invalidNamespaceURIIsLeftToLibxml2() throws {
        let feed = try Fixture.parse("fuzz/invalid-namespace-uri.xml")
        #expect(feed.items.map(\.key) == ["t-text", "t-html", "t-xhtml", "t-other", "t-src"])
        #expect(try feed.item("t-xhtml").content == "a & b < c\none\ntwo")
        #expect(feed.warnings.contains { $0.hasSuffix("is not a valid URI") })
    }

    /// A namespace URI whose authority is `s:::…:earch.yahoo.com`: plain characters, but not a
    /// URI libxml2 accepts (its port is not a number), so the two readers' warnings differed.
    @Test func namespaceURIWithABadPortIsLeftToLibxml2() throws {
        let feed = try Fixture.parse("fuzz/namespace-uri-colons.xml")
        #expect(feed.warnings.contains { $0.hasSuffix("is not a valid URI") })
    }
}
