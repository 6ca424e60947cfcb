import FeedParse
import Testing

/// HTML in titles, summaries and content becomes the plain text the matcher searches.
struct TextConversionTests {
    @Test func html5EntitiesNumericAndDoubleEscaped() throws {
        let feed = try Fixture.parse("text/entities-html5.xml")
        #expect(try feed.item("named").title == "Café — naïve … ’quote’ ⪢̸ fj")
        #expect(try feed.item("numeric").title == "Hamas € 😀 – \u{FFFD} \u{FFFD}")
        #expect(try feed.item("double").title == "Tom & Jerry ’s <tag>")
        #expect(try feed.item("legacy").title == "© 2024 & ¬it; AT&T &unknown; & done")
        #expect(try feed.item("undeclared-in-xml").title == "Café … ’s — €")
    }

    @Test func blockElementsBreakLinesInlineElementsDoNotSplitWords() throws {
        let feed = try Fixture.parse("text/blocks-and-inline.xml")
        #expect(try feed.item("inline").summary == "Hamas leaders met Fatah")
        #expect(try feed.item("blocks").summary == "Head\nPara one\nDiv\nLine\nbreak\nagain\nQuote\nPre text")
        #expect(try feed.item("lists-tables").summary == "Kyiv\nKharkiv\nCell A\nCell B\nHead")
        #expect(try feed.item("whitespace").summary == "Lots of space\nand\nlines")
    }

    @Test func scriptsStylesAttributesAndCommentsNeverBecomeText() throws {
        let feed = try Fixture.parse("text/dropped-content.xml")
        #expect(try feed.item("script-style").summary == "Before middle after end.")
        #expect(try feed.item("attributes").summary == "link text\nquoted gt")
        #expect(try feed.item("comments").summary == "OneTwo Three inner <b>cdata")
        #expect(try feed.item("unterminated").summary == "Read more about Iran")
        #expect(try feed.item("lt-text").summary == "3 < 5 and 7 <= 9, a <-> b,")
        #expect(try feed.item("uppercase").summary == "Upper\nMixed\nQuote")
        let all = feed.items.compactMap(\.summary).joined(separator: " ")
        for hidden in ["Hezbollah", "Hamas.jpg", "q=Iran", "Template", "color"] {
            #expect(!all.contains(hidden), "\(hidden) leaked into text")
        }
    }

    @Test func invisibleCharactersDoNotSplitWordsAndUnicodeSpacesCollapse() throws {
        let feed = try Fixture.parse("text/invisible-characters.xml")
        #expect(try feed.item("soft-hyphen").title == "Hamas and Hezbollah and Iran")
        #expect(try feed.item("unicode-spaces").title == "Kim Jong Un met Putin next")
        #expect(try Fixture.parse("text/raw-nbsp.xml").item("nbsp").title == "A B C")
    }

    @Test func atomTextTypes() throws {
        let feed = try Fixture.parse("text/atom-text-types.xml")
        #expect(feed.title == "Typed feed")
        let text = try feed.item("t-text")
        #expect(text.title == "Less <b> than & text")
        #expect(text.summary == "Default text type")
        let html = try feed.item("t-html")
        #expect(html.title == "Bold & html")
        #expect(html.content == "CDATA html\ntwo")
        let xhtml = try feed.item("t-xhtml")
        #expect(xhtml.title == "XHTML title")
        #expect(xhtml.content == "a & b < c\none\ntwo")
        let other = try feed.item("t-other")
        #expect(other.content == nil)
        #expect(other.summary == "Summary stays")
        #expect(try feed.item("t-src").content == nil)
    }

    @Test(arguments: [
        ("<p>One</p><p>Two <b>bo</b>ld</p>", "One\nTwo bold"),
        ("", ""),
        ("   \n\t ", ""),
        ("a<br>b<br/>c<BR />d", "a\nb\nc\nd"),
        ("<div><div><p>x</p></div></div>y", "x\ny"),
        ("x &lt;script&gt; y", "x <script> y"),
        ("<script>never()</script>", ""),
        ("<style", ""),
        ("<a href='x' title=\"a > b\">in</a>out", "inout"),
        ("&amp;amp;amp;", "&"),
        ("&#x110000; &#99999999999;", "\u{FFFD} \u{FFFD}"),
        ("<!-- open comment", ""),
        ("2 &lt 3 &gt 1", "2 < 3 > 1"),
        ("<td>a</td><td>b</td>", "a\nb"),
        ("<p>Ha&shy;mas</p>", "Hamas"),
    ])
    func plainTextFromHTML(html: String, expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    @Test func plainTextFromTextKeepsTags() {
        #expect(HTMLText.plainText(fromText: "  a <b> &amp;amp; c  ") == "a <b> & c")
    }

    @Test func longTextIsLinear() {
        let html = String(repeating: "<p>word &amp; <b>bold</b></p>", count: 100_000)
        let text = HTMLText.plainText(fromHTML: html)
        #expect(text.split(separator: "\n").count == 100_000)
    }
}
