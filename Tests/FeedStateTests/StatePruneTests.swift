import FeedState
import Testing

/// Bounded growth: items that left their feed are pruned after the retention, nothing else is.
struct StatePruneTests {
    let feedURL = "https://news.example/rss"

    @Test(arguments: Engine.allCases) func pruneDeletesOnlyItemsThatLeftTheirFeed(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        let store = try fixture.open()
        let gone = alert(items(0..<1)[0].key, actors: ["hamas"], at: hour)
        let staying = alert(items(5..<6)[0].key, actors: ["idf"], at: hour)
        try store.record(ItemBatch(feed: FeedRecord(url: feedURL), seenAt: hour, items: items(0..<10), alerts: [gone, staying]))
        // Items 0..<5 leave the feed at day 1; the feed then serves only 304s for 100 days.
        try store.record(ItemBatch(feed: FeedRecord(url: feedURL), seenAt: day, items: items(5..<10)))
        // A feed parsed once and never again keeps its items, since nothing proves they left.
        try store.record(ItemBatch(feed: FeedRecord(url: "https://quiet.example/rss"), seenAt: hour, items: items(0..<3)))

        #expect(try store.prune(olderThan: hour) == 0)  // not older than the retention yet
        #expect(try store.prune(olderThan: 100 * day) == 5)
        #expect(try store.items(feed: feedURL, keys: items(0..<10).map(\.key)).keys.sorted() == items(5..<10).map(\.key).sorted())
        #expect(try !store.isAlerted(alertID: gone.alertID))
        #expect(try store.isAlerted(alertID: staying.alertID))
        #expect(try store.status().map(\.storedItems) == [5, 3])
        #expect(try store.feed(feedURL)?.itemsSeen == 10)  // a lifetime counter, not a row count
        #expect(try store.prune(olderThan: 100 * day) == 0)
    }

    /// A prune is due when the state records none within `every` before now, whoever pruned:
    /// each call opens the state anew, as each `feedwatch once` (or a restarted daemon) does, and
    /// skips while the recorded prune is recent. A recorded time in the future (a clock set
    /// back) does not hold pruning off.
    @Test(arguments: Engine.allCases) func pruneIsDueOncePerIntervalAcrossProcesses(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        do {
            let store = try fixture.open()
            try store.record(ItemBatch(feed: FeedRecord(url: feedURL), seenAt: hour, items: items(0..<10)))
            try store.record(ItemBatch(feed: FeedRecord(url: feedURL), seenAt: day, items: items(5..<10)))
        }
        let every = 10 * 60_000 as UnixMillis
        let now = 100 * day
        func prune(olderThan cutoff: UnixMillis, at time: UnixMillis) throws -> Int? {
            try fixture.open().pruneIfDue(olderThan: cutoff, now: time, every: every)
        }

        #expect(try prune(olderThan: hour, at: now) == 0)  // due, but nothing is old enough
        #expect(try prune(olderThan: now, at: now + every - 1) == nil)
        #expect(try fixture.open().items(feed: feedURL, keys: items(0..<10).map(\.key)).count == 10)
        #expect(try prune(olderThan: now, at: now + every) == 5)
        #expect(try prune(olderThan: now, at: now + every + 1) == nil)
        // The clock went back a day: the time recorded lies ahead, and pruning goes on.
        #expect(try prune(olderThan: now, at: now - day) == 0)
        #expect(try prune(olderThan: now, at: now - day + 1) == nil)
        #expect(try fixture.open().items(feed: feedURL, keys: items(0..<10).map(\.key)).keys.sorted()
                == items(5..<10).map(\.key).sorted())
    }

    /// 50 rounds of a 100-item feed rotating 10 items a round, each new item alerted on two
    /// actors, pruned with a 3-round retention: after warm-up the file stops growing. The same
    /// run without pruning grows steadily, which shows the measure can tell the two apart.
    @Test func fileStopsGrowingUnderASteadyFeed() throws {
        let pruned = try StateFixture(name: "pruned.db")
        let unpruned = try StateFixture(name: "unpruned.db")
        let prunedPages = try run(store: pruned.open(), rounds: 50, prune: true)
        let unprunedPages = try run(store: unpruned.open(), rounds: 50, prune: false)

        let warm = prunedPages[10]
        let highest = try #require(prunedPages[10...].max())
        #expect(highest <= warm + 2, "pages per round: \(prunedPages)")
        #expect(try #require(unprunedPages.last) > highest + 20, "unpruned pages per round: \(unprunedPages)")
    }

    /// Runs the rotating feed through the pipeline's calls and returns the page count after each round.
    private func run(store: StateStore, rounds: Int, prune: Bool) throws -> [Int] {
        var pages: [Int] = []
        let prefix = "https://news.example/2026/11/28/a-rather-long-article-slug-like-real-feeds-have-"
        for round in 0..<rounds {
            let now = UnixMillis(round + 1) * hour
            let listed = items(round * 10 ..< round * 10 + 100, prefix: prefix)
            let known = try store.items(feed: feedURL, keys: listed.map(\.key))
            let alerts = listed.filter { known[$0.key] == nil }.map { alert($0.key, actors: ["hamas", "idf"], at: now) }
            try store.record(ItemBatch(feed: FeedRecord(url: feedURL, lastStatus: .ok, lastSuccess: now), seenAt: now,
                                       items: listed, alerts: alerts))
            if prune { try store.prune(olderThan: now - 3 * hour) }
            pages.append(try store.storage().pageCount)
        }
        return pages
    }
}
