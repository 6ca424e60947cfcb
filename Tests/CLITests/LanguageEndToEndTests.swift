import Foundation
import Testing
import TestSupport

/// The language rules end to end: `feedwatch once` on feeds that declare their language (RSS
/// `<language>`, Atom `xml:lang`), one that declares none (script rules only), and one whose
/// language the config sets.
struct LanguageEndToEndTests {
    static let watchlist = """
        actors:
          - {id: israel, name: Israel, kind: country, aliases: [Israel, ישראל, إسرائيل, Израиль]}
          - {id: hamas, name: Hamas, kind: group, aliases: [Hamas, חמאס, حماس, Хамас]}
          - {id: qatar, name: Qatar, kind: country, aliases: [Qatar, Katar, قطر, Катар]}
          - {id: iran, name: Iran, kind: country, aliases: [Iran, Иран]}
        """

    static let german = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>DE</title><link>https://de.example/</link><language>de-DE</language>
        <item><guid>de1</guid><title>Israels Regierung trifft Katars Emir</title><description>Israelis und Iraner</description></item>
        </channel></rss>
        """

    /// The feed says German; its first entry says Russian (`xml:lang` on the entry wins).
    static let russian = """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>RU</title><id>urn:ru</id>
        <updated>2026-12-01T00:00:00Z</updated>
        <entry xml:lang="ru-RU"><id>urn:ru:1</id><title>Представители Израиля в Катаре</title><updated>2026-12-01T00:00:00Z</updated>
        <summary>Переговоры с Ираном; Иранская делегация; Катарина</summary></entry>
        <entry><id>urn:ru:2</id><title>Katars Emir und Irans Antwort</title><updated>2026-12-01T00:00:00Z</updated></entry>
        </feed>
        """

    /// Declares no language: Hebrew and Arabic proclitics are still read, German -s is not.
    static let undeclared = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>MIX</title><link>https://mix.example/</link>
        <item><guid>he1</guid><title>ישראל וחמאס הגיעו להבנות</title></item>
        <item><guid>ar1</guid><title>رسالة لإسرائيل وقطر</title></item>
        <item><guid>en1</guid><title>Israels and Katars</title></item>
        </channel></rss>
        """

    /// Declares English, but the config says German.
    static let overridden = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>OV</title><link>https://ov.example/</link><language>en</language>
        <item><guid>ov1</guid><title>Irans Antwort</title></item>
        </channel></rss>
        """

    @Test func rulesFollowTheItemsLanguage() async throws {
        let dir = try TemporaryDirectory()
        let server = try await FeedServer()
        defer { Task { await server.stop() } }
        await server.set("/de.xml", Self.german)
        await server.set("/ru.xml", Self.russian)
        await server.set("/mix.xml", Self.undeclared)
        await server.set("/ov.xml", Self.overridden)
        try dir.write("watchlist.yaml", Self.watchlist)
        let config = try dir.write("feedwatch.yaml", """
            watchlist: watchlist.yaml
            alerts: alerts.jsonl
            state: state.sqlite
            feeds:
              - \(server.url("/de.xml"))
              - \(server.url("/ru.xml"))
              - \(server.url("/mix.xml"))
              - url: \(server.url("/ov.xml"))
                language: de
            """)
        let child = try ChildProcess(Products.feedwatch, ["once", "--config", config, "--all"])
        let status = await child.waitForExit()
        #expect(status == 0, "\(child.stderr)")

        let lines = try String(contentsOfFile: dir.path + "/alerts.jsonl", encoding: .utf8)
            .split(separator: "\n").map { line -> [String: Any] in
                try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
        var found: [String: (lang: String?, mentions: [(text: String, reading: String?)])] = [:]
        var pairs: [String] = []
        for line in lines {
            let item = try #require(line["item"] as? [String: Any])
            let key = try #require(item["key"] as? String)
            let actors = try #require(line["actors"] as? [[String: Any]])
            var mentions: [(text: String, reading: String?)] = []
            for actor in actors {
                pairs.append("\(key)/\(actor["id"] as? String ?? "?")")
                for mention in actor["mentions"] as? [[String: Any]] ?? [] {
                    mentions.append((mention["text"] as? String ?? "", mention["reading"] as? String))
                }
            }
            found[key] = (item["lang"] as? String, mentions)
        }
        #expect(pairs.sorted() == [
            "ar1/israel", "ar1/qatar", "de1/israel", "de1/qatar", "he1/hamas", "he1/israel",
            "ov1/iran", "urn:ru:1/iran", "urn:ru:1/israel", "urn:ru:1/qatar", "urn:ru:2/iran", "urn:ru:2/qatar",
        ])
        #expect(found["de1"]?.lang == "de")
        #expect(found["urn:ru:1"]?.lang == "ru")
        #expect(found["urn:ru:2"]?.lang == "de")
        #expect(found["ov1"]?.lang == "de")
        #expect(found["he1"]?.lang == nil)
        #expect(found["de1"]?.mentions.map(\.text) == ["Israels", "Katars"])
        #expect(found["de1"]?.mentions.first?.reading == "Israel + German genitive -s")
        #expect(found["he1"]?.mentions.map(\.reading) == [nil, "ו + חמאס"])
        #expect(found["urn:ru:1"]?.mentions.map(\.text) == ["Израиля", "Катаре", "Ираном"])

        // `lang` and `reading` are part of the published schema.
        let check = try runProcess("/usr/bin/env", ["python3", "-c", """
            import json, sys, jsonschema
            validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
            print(sum(1 for line in open(sys.argv[2]) if validator.validate(json.loads(line)) is None))
            """, "\(CheckCommandTests.root)/docs/alert.schema.json", dir.path + "/alerts.jsonl"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "\(lines.count)\n")
    }
}
