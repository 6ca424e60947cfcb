import FeedParse
import Testing

/// Every supported format, detected from the document, with its feed and item fields.
struct FormatTests {
    @Test func rss090() throws {
        let feed = try Fixture.parse("formats/rss090.xml")
        #expect(feed.format == .rss090)
        #expect(feed.title == "Netscape Zero Nine")
        #expect(feed.link == "http://zeronine.example/")
        #expect(feed.items.map(\.key) == ["http://zeronine.example/cairo", "http://zeronine.example/second"])
        #expect(feed.items.first?.title == "Ceasefire talks in Cairo")
        #expect(feed.warnings.isEmpty)
    }

    @Test func rss091WithDoctypeNeverLoadsTheDTD() throws {
        let feed = try Fixture.parse("formats/rss091.xml")
        #expect(feed.format == .rss091)
        #expect(feed.language == "en-us")
        let item = try feed.item("http://userland.example/budget")
        #expect(item.title == "Parliament votes on budget")
        #expect(item.summary == "The Bundestag voted today.")
        #expect(item.guid == nil)
    }

    @Test func rss092ItemWithoutTitleOrLink() throws {
        let feed = try Fixture.parse("formats/rss092.xml")
        #expect(feed.format == .rss092)
        #expect(feed.items.count == 1)
        let item = try #require(feed.items.first)
        #expect(item.key == "hash:3c73fa43aa8bd4ab")
        #expect(item.summary == "An item with only a description, about NATO.")
        #expect(item.categories == ["Defence"])
        #expect(item.title == nil && item.link == nil)
    }

    @Test func rss2AllFields() throws {
        let feed = try Fixture.parse("formats/rss2.xml")
        #expect(feed.format == .rss2)
        #expect(feed.title == "World Desk")
        #expect(feed.link == "https://world.example.com/")
        #expect(feed.language == "en-gb")
        #expect(feed.ttl == 45)
        #expect(feed.warnings.isEmpty)
        let first = try feed.item("https://world.example.com/2024/05/sanctions")
        #expect(first.guid == "https://world.example.com/2024/05/sanctions")
        #expect(first.title == "Sanctions on Russia extended")
        #expect(first.summary == "The European Union agreed.\nMore soon.")
        #expect(first.content == "Details\nMinisters met in Brussels.\nOne\nTwo")
        // RSS's `email (Name)` keeps the name.
        #expect(first.authors == ["World Desk", "Jane Doe"])
        #expect(first.categories == ["Europe", "Sanctions"])
        #expect(first.published == utc("2024-05-01T08:30:00Z"))
        let second = try feed.item("markets-2024-05-01")
        #expect(second.link == "https://world.example.com/2024/05/markets")
        #expect(second.published == utc("2024-05-01T17:00:00Z"))
    }

    @Test func rss1() throws {
        let feed = try Fixture.parse("formats/rss1.xml")
        #expect(feed.format == .rss1)
        #expect(feed.title == "RDF Site Summary")
        #expect(feed.language == "de")
        let item = try feed.item("http://rdf.example.org/a")
        #expect(item.guid == "http://rdf.example.org/a")
        #expect(item.title == "Kanzler trifft Präsidentin")
        #expect(item.summary == "Treffen in Berlin")
        #expect(item.published == utc("2024-03-05T11:00:00Z"))
        #expect(item.authors == ["Redaktion"])
        #expect(item.categories == ["Politik"])
    }

    @Test func atom10() throws {
        let feed = try Fixture.parse("formats/atom10.xml")
        #expect(feed.format == .atom10)
        #expect(feed.title == "Le Fil")
        #expect(feed.link == "https://fil.example.fr/")
        #expect(feed.language == "fr")
        let item = try feed.item("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a")
        #expect(item.link == "https://fil.example.fr/accord")
        #expect(item.title == "Accord historique")
        #expect(item.summary == "Résumé & plus")
        #expect(item.content == "Les ministres ont signé.\nFin <script> texte")
        #expect(item.authors == ["Marie Curie", "anon@example.fr"])
        #expect(item.categories == ["Politique", "europe"])
        #expect(item.published == utc("2024-04-01T06:00:00Z"))
        #expect(item.updated == utc("2024-04-01T09:15:30Z").map { $0.addingTimeInterval(0.5) })
    }

    @Test func atom03() throws {
        let feed = try Fixture.parse("formats/atom03.xml")
        #expect(feed.format == .atom03)
        #expect(feed.link == "http://old-atom.example/")
        let escaped = try feed.item("tag:old-atom.example,2004:1")
        #expect(escaped.content == "Talks with Taliban")
        #expect(escaped.published == utc("2004-01-01T15:00:00Z"))
        #expect(escaped.updated == utc("2004-01-02T00:00:00Z"))
        #expect(escaped.authors == ["Old Timer"])
        let base64 = try feed.item("tag:old-atom.example,2004:2")
        // Atom 0.3 `mode="base64"` text is decoded, then read by its `type`.
        #expect(base64.content == "Hello")
        #expect(base64.published == utc("2004-01-03T00:00:00Z"))
    }

    @Test func jsonFeed10() throws {
        let feed = try Fixture.parse("formats/jsonfeed10.json")
        #expect(feed.format == .jsonFeed10)
        #expect(feed.title == "JSON One")
        #expect(feed.link == "https://json.example.net/")
        let first = try feed.item("1")
        #expect(first.title == "Hello & welcome")
        #expect(first.content == "First para\nSecond with Kremlin")
        #expect(first.published == utc("2024-03-01T07:59:59Z"))
        #expect(first.authors == ["Solo Writer"])
        #expect(first.categories == ["intro", "news"])
        let second = try feed.item("2")
        #expect(second.link == "https://elsewhere.example/2")
        #expect(second.content == "Plain text with lines")
        #expect(second.summary == "Short")
    }

    @Test func jsonFeed11() throws {
        let feed = try Fixture.parse("formats/jsonfeed11.json", documentURL: "https://json11.example.net/feed.json")
        #expect(feed.format == .jsonFeed11)
        #expect(feed.language == "es")
        let item = try feed.item("a")
        #expect(item.link == "https://json11.example.net/relative/a")
        #expect(item.authors == ["Ana", "Luis"])
        #expect(item.updated == nil)
        #expect(feed.warnings == ["item 1: unparseable date \"not a date\""])
    }

    @Test func namespacesAreMatchedByURINotPrefix() throws {
        let feed = try Fixture.parse("formats/rss2-atom-namespace.xml")
        #expect(feed.link == "https://prefix.example/")
        #expect(feed.language == "nl")
        let item = try feed.item("prefix-1")
        #expect(item.link == "https://prefix.example/story")
        #expect(item.title == "Media title of the clip")
        #expect(item.summary == "Clip about Hezbollah")
        #expect(item.content == "Encoded body")
        #expect(item.published == utc("2024-05-31T22:00:00Z"))
        #expect(item.updated == utc("2024-06-01T00:00:00Z"))
    }

    @Test func xmlBaseResolvesLinks() throws {
        let feed = try Fixture.parse("formats/atom10-xmlbase.xml")
        #expect(feed.link == "https://base.example/blog/")
        #expect(try feed.item("based-1").link == "https://base.example/blog/posts/one.html")
        #expect(try feed.item("based-2").link == "https://base.example/two.html")
        #expect(try feed.item("based-3").link == "https://base.example/three")
    }
}
