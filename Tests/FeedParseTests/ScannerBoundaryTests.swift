@testable import FeedParse
import Testing

/// The text scanners read eight bytes at a time and the plain text is turned into strings after
/// the parser's own UTF-8 check; these pin both to the byte-at-a-time results at every offset.
struct ScannerBoundaryTests {
    @Test(arguments: 0..<20)
    func specialBytesAtEveryOffsetOfAWord(offset: Int) {
        let head = String(repeating: "a", count: offset)
        let tail = String(repeating: "z", count: 20)
        let cases: [(String, String)] = [
            ("  ", " "), ("\t", " "), (" \n ", " "), ("\u{7F}", " "), ("\u{A0}", " "), ("\u{AD}", ""),
            ("\u{2009}", " "), ("\u{200B}", ""), ("\u{3000}", " "), ("&amp;", "&"), (" &amp; ", " & "),
            ("<b>", ""), (" <b> ", " "), ("<p>", "\n"), (" <p> ", "\n"), ("é", "é"), (" é ", " é "),
            ("北京 ", "北京 "), ("—", "—"), (" ", " "),
        ]
        for (middle, expected) in cases {
            let html = head + middle + tail
            // Nothing is written before the first visible character.
            let wanted = head + (offset == 0 ? String(expected.drop(while: \.isWhitespace)) : expected) + tail
            #expect(HTMLText.plainText(fromHTML: html) == wanted, "\(middle.unicodeScalars.map(\.value)) at \(offset)")
        }
    }

    @Test func xmlTextRunsDecodePredefinedReferencesAtEveryOffset() throws {
        for offset in 0..<20 {
            let text = String(repeating: "a", count: offset) + "&lt;b&gt;x&lt;/b&gt; &amp;amp; &quot;q&quot; &apos;s&apos;"
            let document = "<rss version=\"2.0\"><channel><item><title>\(text)</title><guid>g</guid></item></channel></rss>"
            let feed = try FeedParser.parse(Array(document.utf8))
            #expect(feed.items.first?.title == String(repeating: "a", count: offset) + "x & \"q\" 's'")
        }
    }

    @Test func parsedTextMatchesStandardDecoding() {
        let samples: [[UInt8]] = [
            [], Array("plain ascii text".utf8), Array("Zürich, São Paulo, 北京 — 😀".utf8), [0x61, 0x80, 0x62],
            [0xE2, 0x82], [0xEF, 0xBF, 0xBF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x01, 0x61], Array("a\nb".utf8),
            Array(String(repeating: "word é ", count: 40).utf8),
        ]
        for bytes in samples {
            let parsed = bytes.withUnsafeBufferPointer { String(parsedUTF8: $0) }
            let standard = String(decoding: bytes, as: UTF8.self)
            #expect(parsed == standard)
            #expect(Array(parsed.utf8) == Array(standard.utf8))
            #expect(parsed.unicodeScalars.count == standard.unicodeScalars.count)
        }
    }

    /// `String(parsedUTF8:)` skips the standard library's validation when `UTF8Repair` accepts
    /// the bytes, so the two must never disagree on what is valid: every 1- and 2-byte sequence,
    /// every 3- and 4-byte lead with every second byte, and the boundary values after it.
    @Test func parserAcceptsOnlyWhatTheStandardLibraryAccepts() {
        let tails: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF]
        var sequences: [[UInt8]] = (0...255).map { [UInt8($0)] }
        for lead in 0...255 {
            for second in 0...255 { sequences.append([UInt8(lead), UInt8(second)]) }
        }
        for lead in UInt8(0xE0)...0xF7 {
            for second in 0...255 {
                for third in tails {
                    sequences.append([lead, UInt8(second), third])
                    if lead >= 0xF0 { sequences.append(contentsOf: tails.map { [lead, UInt8(second), third, $0] }) }
                }
            }
        }
        var accepted = 0
        for bytes in sequences {
            let parserVerdict = bytes.withUnsafeBufferPointer { UTF8Repair.asciiIfValid($0) }
            guard let isASCII = parserVerdict else { continue }
            accepted += 1
            let standard = String(validating: bytes, as: UTF8.self)
            #expect(standard != nil, "parser accepted invalid UTF-8 \(bytes)")
            #expect(isASCII == bytes.allSatisfy { $0 < 0x80 }, "ASCII flag wrong for \(bytes)")
        }
        #expect(accepted > 20_000)  // valid sequences of every length are really among those checked
    }
}
