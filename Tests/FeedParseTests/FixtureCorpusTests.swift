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

    /// The daemon parses feeds on several threads at once; results must not depend on that.
    @Test func concurrentParsesMatchSequentialOnes() async throws {
        let names = try Fixture.all().filter { $0.hasPrefix("formats/") || $0.hasPrefix("malformed/") }
        let documents = try names.map { try Fixture.bytes($0) }
        let sequential = documents.map { try? FeedParser.parse($0) }
        let concurrent = await withTaskGroup(of: (Int, ParsedFeed?).self) { group in
            for _ in 0..<4 {
                for (index, document) in documents.enumerated() {
                    group.addTask { (index, try? FeedParser.parse(document)) }
                }
            }
            var results: [(Int, ParsedFeed?)] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(concurrent.count == documents.count * 4)
        for (index, feed) in concurrent {
            #expect(feed == sequential[index], "\(names[index])")
        }
    }
}
