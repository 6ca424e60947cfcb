import FeedParse
import Foundation
import Testing

/// Documents built to attack the parser: nothing is loaded, nothing explodes, nothing hangs.
struct HostileTests {
    @Test func billionLaughsExpandsToNothing() throws {
        let feed = try Fixture.parse("hostile/billion-laughs.xml")
        #expect(feed.title == "Laughs")
        let item = try feed.item("https://laughs.example/1")
        #expect(item.title == "Bomb defused")
        #expect(item.summary == "Text around")
        #expect(feed.warnings.first == "XML line 16: Entity 'lol9' not defined")
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let hostname = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let feed = try Fixture.parse("hostile/external-entity.xml")
        let item = try feed.item("https://xxe.example/1")
        #expect(item.title == "Leak:")
        #expect(item.summary == "Remote: end")
        if let hostname, !hostname.isEmpty {
            let everything = [feed.title, item.title, item.summary].compactMap { $0 }.joined() + feed.warnings.joined()
            #expect(!everything.contains(hostname))
        }
        #expect(feed.warnings.contains("XML line 12: Entity 'secret' not defined"))
    }

    @Test func externalDTDIsNotFetched() throws {
        let feed = try Fixture.parse("hostile/external-dtd.xml")
        #expect(feed.items.map(\.title) == ["Still parsed"])
        #expect(feed.warnings.isEmpty)
    }

    @Test func quadraticBlowupEntityIsNotExpanded() throws {
        let feed = try Fixture.parse("hostile/quadratic-blowup.xml")
        let item = try feed.item("https://quad.example/1")
        #expect(item.summary == nil)
        #expect(feed.warnings == ["XML line 4: Entity 'big' not defined", "4999 more XML errors not shown",
                                  "DTD entities not expanded: the document's references would produce 100000000 bytes (cap 1274691)"])
    }

    @Test func manyAttributesAreRefused() throws {
        #expect(try Fixture.error("hostile/many-attributes.xml")
                == .hostile(reason: "an element with more than 256 attributes (at byte 125)"))
    }

    /// libxml2 stops at 256 open elements; the document is parsed again without the tags beyond
    /// the limit, so the items after the deep one are recovered.
    @Test func deepNestingIsCutAndLaterItemsRecovered() throws {
        let feed = try Fixture.parse("hostile/deep-nesting.xml")
        #expect(feed.items.map(\.title) == ["Before", "Nested", "After"])
        #expect(feed.warnings.first == "parsed again without 9498 tags nested deeper than 255 elements")
    }

    @Test func deeplyNestedEscapedHTMLIsFlat() throws {
        let feed = try Fixture.parse("hostile/deep-escaped-html.xml")
        #expect(try feed.item("https://deephtml.example/1").summary == "Hamas")
    }

    @Test func longTextNodeKeepsItsEnd() throws {
        let feed = try Fixture.parse("hostile/long-text.xml")
        let summary = try #require(try feed.item("https://long.example/1").summary)
        #expect(summary.hasSuffix("word & Hezbollah"))
        #expect(summary.count == 400_000 * 7 + "Hezbollah".count)
    }

    @Test func sizeCapRefusesBeforeParsing() throws {
        #expect(try Fixture.error("formats/rss2.xml", maxBytes: 100) == .tooLarge(bytes: 1_552, limit: 100))
        #expect(FeedParseError.tooLarge(bytes: 2_202, limit: 100).description
                == "document too large: 2202 bytes exceeds the limit of 100 bytes")
    }
}
