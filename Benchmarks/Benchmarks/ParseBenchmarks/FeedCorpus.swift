/// A deterministic corpus of mixed feeds for throughput measurements: RSS 2.0 with escaped HTML
/// descriptions and CDATA `content:encoded`, Atom 1.0 with HTML summaries and XHTML content, and
/// RSS 1.0 (RDF) with escaped descriptions. The same seed always gives the same bytes.
enum FeedCorpus {
    /// Documents totalling at least `minimumBytes`.
    static func generate(minimumBytes: Int = 24 * 1024 * 1024) -> [[UInt8]] {
        var random = SplitMix(seed: 0xFEED_2026)
        var documents: [[UInt8]] = []
        var total = 0
        var index = 0
        while total < minimumBytes {
            let document: String = switch index % 3 {
            case 0: rss2(&random, number: index)
            case 1: atom(&random, number: index)
            default: rdf(&random, number: index)
            }
            let bytes = Array(document.utf8)
            total += bytes.count
            documents.append(bytes)
            index += 1
        }
        return documents
    }

    private static let words = [
        "the", "minister", "said", "on", "Tuesday", "that", "talks", "with", "Hamas", "and", "Iran", "would",
        "resume", "after", "a", "week", "of", "strikes", "in", "Gaza", "officials", "in", "Washington", "and",
        "Brussels", "welcomed", "the", "news", "while", "Hezbollah", "denied", "any", "role", "markets", "rose",
        "sharply", "as", "the", "European", "Union", "announced", "new", "sanctions", "against", "Russia",
        "Volodymyr", "Zelensky", "met", "Emmanuel", "Macron", "to", "discuss", "security", "guarantees", "for",
        "Ukraine", "résumé", "naïve", "Zürich", "São", "Paulo", "北京", "东京", "economy", "growth", "inflation",
    ]

    private static func sentence(_ random: inout SplitMix, words count: Int) -> String {
        (0..<count).map { _ in words[random.next(words.count)] }.joined(separator: " ")
    }

    private static func paragraphsHTML(_ random: inout SplitMix) -> String {
        (0..<(2 + random.next(3))).map { _ in
            "<p>\(sentence(&random, words: 12)) <a href=\"https://example.org/\(random.next(10_000))\">\(sentence(&random, words: 3))</a> "
                + "<b>\(sentence(&random, words: 4))</b> &amp; \(sentence(&random, words: 14)).</p>"
        }.joined()
    }

    private static func escaped(_ html: String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count + html.utf8.count / 4)
        for character in html {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func date(_ random: inout SplitMix) -> (rfc822: String, rfc3339: String) {
        let day = 1 + random.next(28), hour = random.next(24), minute = random.next(60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return ("Tue, \(two(day)) May 2024 \(two(hour)):\(two(minute)):00 +0000",
                "2024-05-\(two(day))T\(two(hour)):\(two(minute)):00Z")
    }

    private static func rss2(_ random: inout SplitMix, number: Int) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel><title>Feed \(number)</title><link>https://news.example.com/\(number)/</link><language>en</language><ttl>30</ttl>

            """
        for item in 0..<40 {
            out += """
                <item><title>\(escaped(sentence(&random, words: 8)))</title>
                <link>https://news.example.com/\(number)/\(item).html</link>
                <guid isPermaLink="false">urn:feed:\(number):\(item)</guid>
                <pubDate>\(date(&random).rfc822)</pubDate><dc:creator>Reporter \(item)</dc:creator>
                <category>World</category>
                <description>\(escaped(paragraphsHTML(&random)))</description>
                <content:encoded><![CDATA[\(paragraphsHTML(&random))<script>track(\(item))</script>]]></content:encoded>
                </item>

                """
        }
        return out + "</channel></rss>\n"
    }

    private static func atom(_ random: inout SplitMix, number: Int) -> String {
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
            <title>Atom \(number)</title><link rel="alternate" href="https://atom.example.com/\(number)/"/>
            <id>urn:atom:\(number)</id><updated>2024-05-01T00:00:00Z</updated>

            """
        for item in 0..<40 {
            let when = date(&random).rfc3339
            out += """
                <entry><title type="html">\(escaped(sentence(&random, words: 8)))</title>
                <link rel="alternate" href="/\(number)/\(item)"/><id>urn:atom:\(number):\(item)</id>
                <published>\(when)</published><updated>\(when)</updated>
                <author><name>Author \(item)</name></author>
                <summary type="html">\(escaped(paragraphsHTML(&random)))</summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">\(paragraphsHTML(&random))</div></content>
                </entry>

                """
        }
        return out + "</feed>\n"
    }

    private static func rdf(_ random: inout SplitMix, number: Int) -> String {
        var out = """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel rdf:about="https://rdf.example.com/\(number)/"><title>RDF \(number)</title><link>https://rdf.example.com/\(number)/</link></channel>

            """
        for item in 0..<40 {
            out += """
                <item rdf:about="https://rdf.example.com/\(number)/\(item)"><title>\(escaped(sentence(&random, words: 8)))</title>
                <link>https://rdf.example.com/\(number)/\(item)</link><dc:date>\(date(&random).rfc3339)</dc:date>
                <description>\(escaped(paragraphsHTML(&random)))\(escaped(paragraphsHTML(&random)))</description></item>

                """
        }
        return out + "</rdf:RDF>\n"
    }
}

/// SplitMix64: tiny, fast and reproducible.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
