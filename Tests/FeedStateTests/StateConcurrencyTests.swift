import FeedState
import Testing

/// One store shared by many tasks, and a second connection (another process's view) writing the
/// same file at the same time: every write lands, none is lost or torn.
struct StateConcurrencyTests {
    @Test func concurrentTasksAndConnections() async throws {
        let fixture = try StateFixture()
        let shared = try fixture.open()
        let other = try fixture.open()
        let feeds = 8, rounds = 15

        try await withThrowingTaskGroup(of: Void.self) { group in
            for feed in 0..<feeds {
                let store = feed.isMultiple(of: 4) ? other : shared
                group.addTask {
                    let url = "https://feed\(feed).example/rss"
                    for round in 0..<rounds {
                        let now = UnixMillis(round + 1) * hour
                        let listed = items(round * 5 ..< round * 5 + 20, prefix: "\(url)/item-")
                        let known = try store.items(feed: url, keys: listed.map(\.key))
                        let alerts = listed.filter { known[$0.key] == nil }.map { alert($0.key, actors: ["a\(feed)"], at: now) }
                        var record = try store.feed(url) ?? FeedRecord(url: url)
                        record.fetches += 1
                        try store.record(ItemBatch(feed: record, seenAt: now, items: listed, alerts: alerts))
                        _ = try shared.status()
                        _ = try other.alertsSince(0)
                    }
                }
            }
            try await group.waitForAll()
        }

        let rows = try shared.status()
        #expect(rows.count == feeds)
        // Each feed saw 20 items, then 5 new per round: 20 + 5 × (rounds − 1), each alerted once.
        let expected = 20 + 5 * (rounds - 1)
        for row in rows {
            #expect(row.feed.fetches == rounds)
            #expect(row.feed.itemsSeen == expected)
            #expect(row.feed.alertsWritten == expected)
            #expect(row.storedItems == expected)
        }
        #expect(try other.alertsSince(0) == feeds * expected)
    }
}
