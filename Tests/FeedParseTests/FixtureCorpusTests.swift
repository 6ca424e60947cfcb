import FeedParse
import Testing

/// The corpus as a whole: big enough, and every document parses or fails with a named error.
struct FixtureCorpusTests {
    @Test func atLeastEightyFixtures() throws {
        #expect(try Fixture.all().count >= 80)
    }

    @Test func everyFixtureParsesOrNamesItsProblem() throws {
        for name in try Fixture.all() {
            do {
                let feed = try Fixture.parse(name, documentURL: "https://fixtures.example/\(name)")
                for item in feed.items {
                    #expect(!item.key.isEmpty, "\(name)")
                    for text in [item.title, item.summary, item.content].compactMap({ $0 }) {
                        #expect(text == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(name)")
                        #expect(!text.contains("\n\n") && !text.contains("  "), "\(name)")
                    }
                }
            } catch {
                #expect(name.hasPrefix("notfeed/") || name.hasPrefix("hostile/"), "\(name): \(error)")
            }
        }
    }
}
