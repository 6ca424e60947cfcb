import FeedState
import Testing

/// Items, alerted pairs and crash recovery, as the pipeline uses them: one feed at a time.
struct StateItemTests {
    let feedURL = "https://news.example/rss"

    @Test(arguments: Engine.allCases) func batchedLookupOfFiveHundredItems(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        let store = try fixture.open()
        let first = items(0..<500)
        let alerts = stride(from: 0, to: 500, by: 50).map { alert(first[$0].key, actors: ["hamas"], at: hour) }
        try store.record(ItemBatch(feed: FeedRecord(url: feedURL), seenAt: hour, items: first, alerts: alerts))

        let unknown = items(1000..<1010).map(\.key)
        let found = try store.items(feed: feedURL, keys: first.map(\.key) + unknown)
        #expect(found.count == 500)
        #expect(unknown.allSatisfy { found[$0] == nil })
        let sample = try #require(found[first[50].key])
        #expect(sample == ItemRecord(key: first[50].key, contentHash: first[50].contentHash, firstSeen: hour, lastSeen: hour,
                                     published: first[50].published, alerted: ["hamas": alerts[1].alertID]))
        #expect(found.values.filter { !$0.alerted.isEmpty }.count == 10)
        #expect(try store.items(feed: "https://other.example/rss", keys: [first[0].key]).isEmpty)

        // A second parse: 490 kept (5 of them edited), 10 gone, 10 new.
        var second = items(10..<510)
        for index in 0..<5 { second[index].contentHash ^= 1 }
        try store.record(ItemBatch(feed: FeedRecord(url: feedURL), seenAt: 2 * hour, items: second))
        let again = try store.items(feed: feedURL, keys: [first[0].key, second[0].key, second[499].key])
        #expect(again[first[0].key]?.lastSeen == hour)
        #expect(again[second[0].key]?.firstSeen == hour)
        #expect(again[second[0].key]?.lastSeen == 2 * hour)
        #expect(again[second[0].key]?.contentHash == second[0].contentHash)
        #expect(again[second[499].key]?.firstSeen == 2 * hour)
        let feed = try #require(try store.feed(feedURL))
        #expect(feed.itemsSeen == 510)
        #expect(feed.alertsWritten == 10)
    }

    @Test(arguments: Engine.allCases) func eachPairIsRecordedOnceAndFirstAlertWins(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        let store = try fixture.open()
        let key = items(0..<1)[0].key
        let firstAlert = alert(key, actors: ["hamas"], at: hour)
        try store.record(ItemBatch(feed: FeedRecord(url: feedURL), seenAt: hour, items: items(0..<1), alerts: [firstAlert]))
        // The item changed and brought a new actor: the update line covers both, but only idf is new.
        let update = alert(key, actors: ["hamas", "idf"], at: 2 * hour)
        try store.record(ItemBatch(feed: FeedRecord(url: feedURL), seenAt: 2 * hour, items: items(0..<1, salt: 1), alerts: [update]))
        // A line whose pairs are all recorded changes nothing and is not counted.
        try store.record(ItemBatch(feed: FeedRecord(url: feedURL), seenAt: 3 * hour, items: items(0..<1, salt: 1),
                                   alerts: [alert(key, actors: ["idf"], at: 3 * hour)]))

        let record = try #require(try store.items(feed: feedURL, keys: [key])[key])
        #expect(record.alerted == ["hamas": firstAlert.alertID, "idf": update.alertID])
        #expect(try store.feed(feedURL)?.alertsWritten == 2)
        #expect(try store.alertsSince(0) == 2)
        #expect(try store.alertsSince(2 * hour) == 1)
        #expect(try store.alertsSince(2 * hour + 1) == 0)
        #expect(try store.isAlerted(alertID: update.alertID))
        #expect(try !store.isAlerted(alertID: alert(key, actors: ["idf"], at: 3 * hour).alertID))
    }

    @Test(arguments: Engine.allCases) func recoveryMarksLoggedButUnrecordedAlerts(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        let store = try fixture.open()
        let key = items(7..<8)[0].key
        // The process wrote this line, then died before recording the batch.
        let logged = alert(key, actors: ["shin-bet"], at: hour)
        #expect(try !store.isAlerted(alertID: logged.alertID))
        #expect(try store.markAlerted(logged, feed: feedURL))
        #expect(try !store.markAlerted(logged, feed: feedURL))
        #expect(try store.isAlerted(alertID: logged.alertID))

        // The item is known without a hash, so the next parse treats it as changed, and the pair stays alerted.
        let recovered = try #require(try store.items(feed: feedURL, keys: [key])[key])
        #expect(recovered.contentHash == nil)
        #expect(recovered.alerted == ["shin-bet": logged.alertID])
        let feed = try #require(try store.feed(feedURL))
        #expect(feed.callerOwned == FeedRecord(url: feedURL))
        #expect(feed.itemsSeen == 1 && feed.alertsWritten == 1)

        try store.record(ItemBatch(feed: FeedRecord(url: feedURL, lastStatus: .ok), seenAt: 2 * hour, items: items(7..<9)))
        let after = try store.items(feed: feedURL, keys: [key])[key]
        #expect(after?.contentHash == items(7..<8)[0].contentHash)
        #expect(after?.firstSeen == hour)
        #expect(try store.feed(feedURL)?.itemsSeen == 2)
    }

    @Test(arguments: Engine.allCases) func failureInsideTransactionWritesNothing(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        let store = try fixture.open()
        try store.saveFeed(FeedRecord(url: feedURL, fetches: 1))
        let logged = alert(items(0..<1)[0].key, actors: ["hamas"], at: hour)
        #expect(throws: Abort.self) {
            try store.transaction { transaction in
                try transaction.record(ItemBatch(feed: FeedRecord(url: feedURL, fetches: 2), seenAt: hour,
                                                 items: items(0..<100), alerts: [logged]))
                try transaction.markAlerted(alert("https://x.example/1", actors: ["idf"], at: hour), feed: "https://x.example/rss")
                // Inside, the transaction sees its own writes...
                #expect(try transaction.feed(feedURL)?.fetches == 2)
                #expect(try transaction.isAlerted(alertID: logged.alertID))
                throw Abort()
            }
        }
        // ...outside, none of them happened.
        #expect(try store.feed(feedURL)?.fetches == 1)
        #expect(try store.feed(feedURL)?.itemsSeen == 0)
        #expect(try store.items(feed: feedURL, keys: items(0..<100).map(\.key)).isEmpty)
        #expect(try !store.isAlerted(alertID: logged.alertID))
        #expect(try store.feed("https://x.example/rss") == nil)

        // The same work without the failure commits as a whole.
        let escaped = try store.transaction { transaction in
            try transaction.record(ItemBatch(feed: FeedRecord(url: feedURL, fetches: 2), seenAt: hour,
                                             items: items(0..<100), alerts: [logged]))
            try transaction.saveFeed(FeedRecord(url: "https://y.example/rss"))
            return try transaction.items(feed: feedURL, keys: [logged.itemKey]).count
        }
        #expect(escaped == 1)
        #expect(try store.status().map(\.storedItems) == [100, 0])
        #expect(try store.allFeeds().map(\.url) == [feedURL, "https://y.example/rss"])
    }

    @Test(arguments: Engine.allCases) func transactionCannotBeUsedAfterItEnds(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        let store = try fixture.open()
        nonisolated(unsafe) var kept: StateTransaction?
        try store.transaction { transaction in kept = transaction }
        let error = #expect(throws: StateError.self) { try kept?.saveFeed(FeedRecord(url: feedURL)) }
        #expect(error?.description == "\(fixture.named): saving feed \(feedURL): transaction used after it ended")
        #expect(try store.feed(feedURL) == nil)
    }

    @Test(arguments: Engine.allCases) func storeCalledInsideItsOwnTransactionThrowsInsteadOfDeadlocking(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        let store = try fixture.open()
        let error = #expect(throws: StateError.self) {
            try store.transaction { transaction in
                try transaction.saveFeed(FeedRecord(url: feedURL))
                _ = try store.feed(feedURL)
            }
        }
        #expect(error?.description == "\(fixture.named): reading feed \(feedURL): "
            + "the store was called inside its own transaction; use the StateTransaction instead")
        #expect(try store.feed(feedURL) == nil)  // rolled back, and the store works again
    }

    @Test(arguments: Engine.allCases) func statusRowsForEveryFeed(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        let store = try fixture.open()
        try store.saveFeed(FeedRecord(url: "https://b.example/rss", lastStatus: .failed, lastAttempt: 2 * hour,
                                      lastError: "https://b.example/rss: could not resolve host", errorKind: "dns",
                                      consecutiveFailures: 30, failingReason: "30 consecutive failures", nextDue: 26 * hour,
                                      fetches: 30, failures: 30))
        try store.record(ItemBatch(feed: FeedRecord(url: "https://a.example/rss", lastStatus: .ok, lastSuccess: hour, nextDue: 2 * hour,
                                                    fetches: 1),
                                   seenAt: hour, items: items(0..<4), alerts: [alert(items(0..<1)[0].key, actors: ["idf"], at: hour)]))
        let rows = try store.status()
        #expect(rows.map(\.feed.url) == ["https://a.example/rss", "https://b.example/rss"])
        #expect(rows[0].storedItems == 4 && rows[0].feed.itemsSeen == 4 && rows[0].feed.alertsWritten == 1)
        #expect(rows[0].feed.lastSuccess == hour && rows[0].feed.lastStatus == .ok && !rows[0].feed.isFailing)
        #expect(rows[1].storedItems == 0 && rows[1].feed.isFailing && rows[1].feed.consecutiveFailures == 30)
        #expect(rows[1].feed.lastError == "https://b.example/rss: could not resolve host" && rows[1].feed.errorKind == "dns")

        #expect(try store.removeFeed("https://a.example/rss"))
        #expect(try !store.removeFeed("https://a.example/rss"))
        #expect(try store.alertsSince(0) == 0)
        #expect(try store.status().map(\.feed.url) == ["https://b.example/rss"])
    }

    /// A pass reads its feeds' records: by lookups for a few of the stored feeds, by one scan
    /// for most of them (SQLite); either way exactly the stored ones among those asked for.
    @Test(arguments: Engine.allCases) func recordsOfTheFeedsAskedForWhateverTheirShare(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        let store = try fixture.open()
        let urls = (0..<2_500).map { "https://feeds.example/\($0)/rss" }
        try store.transaction { transaction in
            for (index, url) in urls.enumerated() {
                try transaction.saveFeed(FeedRecord(url: url, etag: "\"\(index)\"", nextDue: UnixMillis(index)))
            }
        }
        let unknown = (0..<50).map { "https://unknown.example/\($0)" }
        let index = Dictionary(uniqueKeysWithValues: urls.enumerated().map { ($1, $0) })
        for asked in [Array(urls[..<600]), Array(urls[100..<1_300]), Array(urls[..<2_400]), urls] {
            let records = try store.feeds(asked + unknown)
            #expect(records.count == asked.count)
            #expect(Set(records.keys) == Set(asked))
            #expect(asked.allSatisfy { url in records[url]?.etag == "\"\(index[url] ?? -1)\"" })
        }
    }

    /// Saving a known feed updates its row in place (SQLite's path for every 304 and failure):
    /// every field the caller owns is replaced, in either direction between a value and none,
    /// and the counts the store keeps from recorded batches stay as they were.
    @Test(arguments: Engine.allCases) func savingAKnownFeedReplacesItsFieldsAndKeepsTheStoresCounts(engine: Engine) throws {
        let fixture = try StateFixture(engine)
        let store = try fixture.open()
        let url = "https://a.example/rss"
        try store.record(ItemBatch(feed: FeedRecord(url: url, etag: "\"v1\"", lastStatus: .ok, lastSuccess: hour, fetches: 1),
                                   seenAt: hour, items: items(0..<3), alerts: [alert(items(0..<1)[0].key, actors: ["idf"], at: hour)]))
        let failed = FeedRecord(url: url, lastModified: "Mon, 07 Dec 2026 12:00:00 GMT", lastStatus: .failed,
                                lastAttempt: 2 * hour, lastSuccess: hour, lastError: "timed out", errorKind: "timeout",
                                consecutiveFailures: 1, failingReason: "gone", nextDue: 3 * hour,
                                permanentRedirect: "https://b.example/rss", fetches: 2, failures: 1)
        try store.saveFeed(failed)
        let read = try #require(try store.feed(url))
        #expect(read.etag == nil && read.lastModified == failed.lastModified && read.lastStatus == .failed)
        #expect(read.lastAttempt == 2 * hour && read.lastSuccess == hour && read.lastError == "timed out")
        #expect(read.errorKind == "timeout" && read.consecutiveFailures == 1 && read.failingReason == "gone")
        #expect(read.nextDue == 3 * hour && read.permanentRedirect == "https://b.example/rss")
        #expect(read.fetches == 2 && read.failures == 1)
        #expect(read.itemsSeen == 3 && read.alertsWritten == 1)
        try store.saveFeed(FeedRecord(url: url, etag: "\"v2\"", lastStatus: .notModified, fetches: 3))
        let cleared = try #require(try store.feed(url))
        #expect(cleared == FeedRecord(url: url, etag: "\"v2\"", lastStatus: .notModified, fetches: 3).withCounts(of: read))
        #expect(try store.status().map(\.storedItems) == [3])
        // A feed the store has never seen is inserted by the same call.
        try store.saveFeed(FeedRecord(url: "https://new.example/rss", nextDue: hour))
        #expect(try store.feed("https://new.example/rss")?.nextDue == hour)
    }
}

private extension FeedRecord {
    /// This record with the store-kept counts of `other`.
    func withCounts(of other: FeedRecord) -> FeedRecord {
        var copy = self
        copy.itemsSeen = other.itemsSeen
        copy.alertsWritten = other.alertsWritten
        return copy
    }
}
