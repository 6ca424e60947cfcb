@testable import FeedState
import Testing

/// A write that fails for lack of space leaves the state exactly as before, says so with a
/// `diskFull` code, and the same batch succeeds once space returns: its items alert later
/// instead of being lost.
struct StateDiskFullTests {
    @Test func fullDiskRollsBackTheWholeBatch() throws {
        let fixture = try StateFixture()
        let store = try fixture.open()
        let url = "https://news.example/rss"
        try store.record(ItemBatch(feed: FeedRecord(url: url, fetches: 1), seenAt: hour, items: items(0..<10)))
        try store.limitPages(try store.storage().pageCount + 2)

        let batch = ItemBatch(feed: FeedRecord(url: url, fetches: 2), seenAt: 2 * hour, items: items(0..<2000),
                              alerts: items(1990..<2000).map { alert($0.key, actors: ["hamas"], at: 2 * hour) })
        let error = #expect(throws: StateError.self) { try store.record(batch) }
        #expect(error?.code == .diskFull)
        #expect(error?.description == "state file \(fixture.path): recording items of \(url): database or disk is full")
        #expect(try store.feed(url)?.fetches == 1)
        #expect(try store.feed(url)?.itemsSeen == 10)
        #expect(try store.items(feed: url, keys: items(0..<2000).map(\.key)).count == 10)
        #expect(try store.alertsSince(0) == 0)

        try store.limitPages(1 << 30)
        try store.record(batch)
        #expect(try store.feed(url)?.itemsSeen == 2000)
        #expect(try store.alertsSince(0) == 10)
    }
}
