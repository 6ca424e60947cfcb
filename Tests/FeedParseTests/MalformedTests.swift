import FeedParse
import Testing

/// Malformed documents yield every recoverable item plus warnings, and lose no later text.
struct MalformedTests {
    /// libxml2 2.9.14 in recover mode drops every later `&lt;`/`&amp;` once it has seen an
    /// undeclared entity; the text must survive anyway.
    @Test func undeclaredHTMLEntityThenEscapedHTML() throws {
        let feed = try Fixture.parse("malformed/nbsp-then-escaped-html.xml")
        #expect(feed.title == "Recover mode regression")
        let first = try feed.item("https://recover.example/1")
        #expect(first.title == "First story")
        #expect(first.summary == "Opening… then\nHamas\nand &")
        let second = try feed.item("https://recover.example/2")
        #expect(second.title == "Second ’story’")
        #expect(second.summary == "Hamas\nHezbollah & Fatah")
        #expect(feed.warnings.isEmpty)
    }

    @Test func mismatchedTagThenEscapedHTML() throws {
        let feed = try Fixture.parse("malformed/mismatched-then-escaped-html.xml")
        #expect(try feed.item("https://mismatch.example/1").summary == "Hamas\nfirst")
        #expect(try feed.item("https://mismatch.example/2").summary == "Iran\n& Israel")
        #expect(feed.warnings == ["XML line 2: Opening and ending tag mismatch: title line 2 and titel"])
    }

    @Test func unclosedItemsAreClosedByTheNextOne() throws {
        let feed = try Fixture.parse("malformed/unclosed-item.xml")
        #expect(feed.items.map(\.title) == ["One", "Two", "Three", "Four"])
        #expect(try feed.item("https://unclosed.example/3").summary == "bold never closed")
        #expect(feed.warnings.contains("item 1 was not closed before the next one started"))
        #expect(feed.warnings.contains("item 3 was not closed before the next one started"))
    }

    @Test func strayAmpersandsKeepTheFollowingText() throws {
        let feed = try Fixture.parse("malformed/stray-ampersand.xml")
        #expect(feed.title == "Q&A")
        let first = try feed.item("https://amp.example/?a=1&b=2")
        #expect(first.title == "AT&T and P&G report")
        #expect(first.summary == "Fish & chips Iran & more")
        let second = try feed.item("https://amp.example/?x=1&y=2")
        #expect(second.title == "Unaffected R&D")
        #expect(feed.warnings.first == "escaped stray '&' characters and parsed again")
    }

    @Test func truncatedDocumentKeepsThePartialItem() throws {
        let feed = try Fixture.parse("malformed/truncated.xml")
        #expect(feed.items.map(\.title) == ["Complete", "Cut off"])
        #expect(try feed.item("https://trunc.example/2").summary == "The text stops in the mid")
        #expect(feed.warnings.contains("document ended inside an item; kept what was read"))
    }

    @Test func garbageAfterTheRootIsIgnored() throws {
        let feed = try Fixture.parse("malformed/garbage-after-root.xml")
        #expect(feed.items.map(\.key) == ["https://garbage.example/1"])
        #expect(feed.warnings == ["XML line 4: Extra content at the end of the document"])
    }

    @Test func leadingJunkAndWhitespaceAreSkipped() throws {
        let junk = try Fixture.parse("malformed/leading-junk.xml")
        #expect(junk.items.first?.title == "After the PHP warning")
        #expect(junk.warnings == ["skipped 80 bytes of text before the XML"])
        let whitespace = try Fixture.parse("malformed/leading-whitespace.xml")
        #expect(whitespace.items.first?.title == "Still fine")
        #expect(whitespace.warnings.isEmpty)
    }

    @Test func undeclaredWellKnownPrefixesAreGuessed() throws {
        let feed = try Fixture.parse("malformed/undeclared-prefix.xml")
        let item = try feed.item("https://prefix.example/1")
        #expect(item.authors == ["Undeclared Author"])
        #expect(item.content == "Body from undeclared prefix")
        #expect(item.published == utc("2024-02-02T02:02:02Z"))
        #expect(feed.warnings.count == 3)
    }

    @Test func badAttributeQuotingRecoversBothItems() throws {
        let feed = try Fixture.parse("malformed/bad-attribute-quoting.xml")
        #expect(feed.items.map(\.title) == ["Unquoted guid attribute", "Next item intact"])
        #expect(feed.items.map(\.link) == ["https://attr.example/page", "https://attr.example/2"])
        #expect(feed.warnings.first == "XML line 2: AttValue: \" or ' expected")
    }

    @Test func unclosedCDATAKeepsEarlierItems() throws {
        let feed = try Fixture.parse("malformed/unclosed-cdata.xml")
        #expect(feed.items.map(\.title) == ["Before", "Open CDATA"])
        #expect(feed.warnings.first == "XML line 4: CData section not finished")
    }

    @Test func unescapedHTMLInsideRSSElements() throws {
        let item = try #require(try Fixture.parse("malformed/html-in-rss-unescaped.xml").items.first)
        #expect(item.title == "Raw bold title")
        #expect(item.summary == "Paragraph with Hamas link\nSecond para")
    }

    @Test func itemsWithoutChannel() throws {
        let feed = try Fixture.parse("malformed/missing-channel.xml")
        #expect(feed.items.map(\.key) == ["https://nochannel.example/1"])
    }

    @Test func firstOccurrenceOfAFieldWins() throws {
        let feed = try Fixture.parse("malformed/duplicate-fields.xml")
        #expect(feed.title == "First title")
        let item = try feed.item("https://dup.example/1")
        #expect(item.title == "First")
        // An unparseable first date does not hide a good second one.
        #expect(item.published == utc("2024-05-06T10:00:00Z"))
        #expect(feed.warnings == ["item 1: unparseable date \"not a date\""])
    }

    /// Peers keep every item the document declares; one without text has nothing to match and
    /// its key is the content hash.
    @Test func emptyItemsAreKept() throws {
        let feed = try Fixture.parse("malformed/empty-items.xml")
        #expect(feed.items.map(\.title) == [nil, nil, "Real"])
        #expect(feed.items[0].key.hasPrefix("hash:"))
        #expect(feed.warnings.isEmpty)
    }
}
