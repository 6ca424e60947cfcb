import FeedParse
import Testing

/// Stable item keys: unique id, else link, else a content hash; repeated ids kept apart by link.
struct IdentityTests {
    @Test func uniqueIdsAreTheKeysTrimmed() throws {
        let feed = try Fixture.parse("identity/unique-guids.xml")
        #expect(feed.items.map(\.key) == ["id-1", "id-2"])
        #expect(feed.items.map(\.guid) == ["id-1", "id-2"])
    }

    @Test func repeatedIdsAreQualifiedByLinkOrHash() throws {
        let feed = try Fixture.parse("identity/repeated-guid.xml")
        #expect(feed.items.map(\.key) == [
            "same https://rep.example/a", "same https://rep.example/b", "same hash:bd1760bf565fd4c7", "other",
        ])
        #expect(Set(feed.items.map(\.key)).count == 4)
    }

    @Test func atomRepeatedIdsAreQualifiedByLink() throws {
        let feed = try Fixture.parse("identity/atom-repeated-id.xml")
        #expect(feed.items.map(\.key) == ["tag:x,2024:1 https://atomrep.example/1",
                                          "tag:x,2024:1 https://atomrep.example/1-updated"])
    }

    @Test func linkIsTheKeyWithoutIdResolvedAgainstTheChannelLink() throws {
        let feed = try Fixture.parse("identity/link-only.xml")
        #expect(feed.items.map(\.key) == ["https://links.example/abs", "https://links.example/section/story.html",
                                          "https://links.example/root.html"])
    }

    @Test func contentHashIsStableAndDistinguishesContent() throws {
        let feed = try Fixture.parse("identity/hash-only.xml")
        #expect(feed.items.map(\.key) == ["hash:f0f1b87d27c5cdaf", "hash:f0f1b87d27c5cdaf", "hash:56b18cb1006b3012"])
        let again = try Fixture.parse("identity/hash-only.xml")
        #expect(again.items.map(\.key) == feed.items.map(\.key))
    }

    @Test func permalinkGuidDoublesAsLink() throws {
        let feed = try Fixture.parse("identity/guid-permalink.xml")
        #expect(feed.items.map(\.link) == ["https://perma.example/default-permalink", nil, nil])
        #expect(feed.items.map(\.key) == ["https://perma.example/default-permalink", "https://perma.example/not-a-link",
                                          "tag:perma.example,2024:3"])
    }
}
