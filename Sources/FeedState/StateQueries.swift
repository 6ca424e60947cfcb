/// The SQL behind every ``StateStore`` operation on SQLite. Each function assumes the caller
/// holds the store's lock and, where several statements must land together, an open write
/// transaction.
extension Connection: StateDatabase {
    var location: String { path }

    private static let feedColumns = FeedRecord.columns

    private static func feedRecord(_ row: Row) -> FeedRecord { FeedRecord(row: row) }

    // MARK: Feeds

    func feed(_ url: String) throws(StateError) -> FeedRecord? {
        try first("SELECT \(Self.feedColumns) FROM feed WHERE url = ?1", [.text(url)], Self.feedRecord)
    }

    func allFeeds() throws(StateError) -> [FeedRecord] {
        try rows("SELECT \(Self.feedColumns) FROM feed ORDER BY url", [], Self.feedRecord)
    }

    /// The records of `urls` that exist, by primary-key lookups in chunks (SQLite binds at most
    /// 32,766 parameters; 500 keeps each statement small) — or, when they are half the file or
    /// more (a pass over every feed), by one scan: two B-tree descents per URL cost three
    /// times the scan at 10,000 feeds. The file's size is judged by its highest feed id, one
    /// B-tree descent (`count(*)` would read every feed: a daemon's tick must not).
    func feeds(_ urls: [String]) throws(StateError) -> [FeedRecord] {
        if urls.count >= 1000 {
            let highestID = try first("SELECT max(id) FROM feed") { $0.integer(0) } ?? 0
            if 2 * Int64(urls.count) >= highestID { return try scanFeeds(Set(urls)) }
        }
        var records: [FeedRecord] = []
        records.reserveCapacity(urls.count)
        var start = 0
        while start < urls.count {
            let chunk = urls[start..<min(start + 500, urls.count)]
            let marks = (1...chunk.count).map { "?\($0)" }.joined(separator: ",")
            records += try rows("SELECT \(Self.feedColumns) FROM feed WHERE url IN (\(marks))",
                                chunk.map { .text($0) }, Self.feedRecord)
            start += chunk.count
        }
        return records
    }

    private func scanFeeds(_ wanted: Set<String>) throws(StateError) -> [FeedRecord] {
        try rows("SELECT \(Self.feedColumns) FROM feed") { row in
            wanted.contains(row.text(0) ?? "") ? Self.feedRecord(row) : nil
        }.compactMap { $0 }
    }

    /// A plain update of the existing row, the upsert only for a feed the file does not know yet.
    /// Every 304 and every failure of a pass lands here, and SQLite runs an `UPDATE` in about
    /// half the time of an upsert with `RETURNING` (measured in docs/performance.md).
    func saveFeed(_ record: FeedRecord) throws(StateError) {
        if try run(Self.updateFeedSQL, Self.values(of: record)) == 0 { _ = try upsertFeed(record) }
    }

    /// Upserts everything the caller owns in the record and returns the feed's row id.
    private func upsertFeed(_ record: FeedRecord) throws(StateError) -> Int64 {
        let id = try first(FeedRecord.upsertSQL, Self.values(of: record)) { $0.integer(0) }
        guard let id else { throw missingRow("saved feed") }
        return id
    }

    /// ``FeedRecord/upsertSQL``'s 14 parameters.
    private static func values(of record: FeedRecord) -> [SQLValue] {
        [
            .text(record.url), .text(record.etag), .text(record.lastModified), .text(record.lastStatus?.rawValue),
            .integer(record.lastAttempt), .integer(record.lastSuccess), .text(record.lastError), .text(record.errorKind),
            .integer(Int64(record.consecutiveFailures)), .text(record.failingReason), .integer(record.nextDue),
            .text(record.permanentRedirect), .integer(Int64(record.fetches)), .integer(Int64(record.failures)),
        ]
    }

    /// The update half of ``FeedRecord/upsertSQL``, with the same parameters (`?N` binds by
    /// number, so the URL can come last in the text and first in the list).
    private static let updateFeedSQL = """
        UPDATE feed SET etag = ?2, last_modified = ?3, last_status = ?4, last_attempt = ?5, last_success = ?6,
                        last_error = ?7, error_kind = ?8, consecutive_failures = ?9, failing_reason = ?10,
                        next_due = ?11, redirect_to = ?12, fetches = ?13, failures = ?14
        WHERE url = ?1
        """

    /// The feed's row id, creating a bare row for a feed known only from the alert log.
    private func ensureFeed(_ url: String) throws(StateError) -> Int64 {
        try run("INSERT INTO feed (url) VALUES (?1) ON CONFLICT (url) DO NOTHING", [.text(url)])
        guard let id = try first("SELECT id FROM feed WHERE url = ?1", [.text(url)], { $0.integer(0) }) else {
            throw missingRow("feed")
        }
        return id
    }

    @discardableResult
    func removeFeed(_ url: String) throws(StateError) -> Bool {
        try run("DELETE FROM feed WHERE url = ?1", [.text(url)]) > 0
    }

    // MARK: Items

    func items(feed url: String, keys: [String]) throws(StateError) -> [String: ItemRecord] {
        guard let feedID = try first("SELECT id FROM feed WHERE url = ?1", [.text(url)], { $0.integer(0) }) else {
            return [:]
        }
        var found: [String: ItemRecord] = [:]
        found.reserveCapacity(keys.count)
        for key in keys where found[key] == nil {
            let rows = try rows("""
                SELECT i.hash, i.first_seen, i.last_seen, i.published, a.actor, a.alert_id
                FROM item AS i LEFT JOIN alerted AS a ON a.item_id = i.id
                WHERE i.feed_id = ?1 AND i.key = ?2
                """, [.integer(feedID), .text(key)]) { row in
                (ItemRecord(key: key, contentHash: row.optionalInteger(0).map { UInt64(bitPattern: $0) },
                            firstSeen: row.integer(1), lastSeen: row.integer(2), published: row.optionalInteger(3)),
                 row.text(4), row.text(5))
            }
            guard var record = rows.first?.0 else { continue }
            for case (_, let actor?, let alertID?) in rows { record.alerted[actor] = alertID }
            found[key] = record
        }
        return found
    }

    func record(_ batch: ItemBatch) throws(StateError) {
        let feedID = try upsertFeed(batch.feed)
        var newItems: Int64 = 0
        for item in batch.items {
            let hash = Int64(bitPattern: item.contentHash)
            let updated = try run("""
                UPDATE item SET hash = ?3, last_seen = ?4, published = coalesce(?5, published)
                WHERE feed_id = ?1 AND key = ?2
                """, [.integer(feedID), .text(item.key), .integer(hash), .integer(batch.seenAt), .integer(item.published)])
            guard updated == 0 else { continue }
            try run("""
                INSERT INTO item (feed_id, key, id, hash, first_seen, last_seen, published)
                VALUES (?1, ?2, (SELECT coalesce(max(id), 0) + 1 FROM item), ?3, ?4, ?4, ?5)
                """, [.integer(feedID), .text(item.key), .integer(hash), .integer(batch.seenAt), .integer(item.published)])
            newItems += 1
        }
        var newAlerts: Int64 = 0
        for alert in batch.alerts {
            let outcome = try insertAlert(alert, feedID: feedID)
            newItems += outcome.createdItem ? 1 : 0
            newAlerts += outcome.recorded ? 1 : 0
        }
        try run("""
            UPDATE feed SET items_seen = items_seen + ?2, stored_items = stored_items + ?2,
                            alerts_written = alerts_written + ?3, last_parsed = ?4
            WHERE id = ?1
            """, [.integer(feedID), .integer(newItems), .integer(newAlerts), .integer(batch.seenAt)])
    }

    // MARK: Alerts

    func isAlerted(_ alertID: String) throws(StateError) -> Bool {
        try first("SELECT 1 FROM alerted WHERE alert_id = ?1 LIMIT 1", [.text(alertID)]) { _ in true } ?? false
    }

    func markAlerted(feed url: String, _ alert: AlertRecord) throws(StateError) -> Bool {
        let feedID = try ensureFeed(url)
        let outcome = try insertAlert(alert, feedID: feedID)
        guard outcome.recorded || outcome.createdItem else { return false }
        try run("""
            UPDATE feed SET items_seen = items_seen + ?2, stored_items = stored_items + ?2, alerts_written = alerts_written + ?3
            WHERE id = ?1
            """,
                [.integer(feedID), .integer(outcome.createdItem ? 1 : 0), .integer(outcome.recorded ? 1 : 0)])
        return outcome.recorded
    }

    /// Records each (item, actor) pair of an alert line unless already recorded, creating the
    /// item (with an unknown content hash) when the log knows it but the state does not yet.
    private func insertAlert(_ alert: AlertRecord, feedID: Int64) throws(StateError) -> (recorded: Bool, createdItem: Bool) {
        var createdItem = false
        var itemID = try first("SELECT id FROM item WHERE feed_id = ?1 AND key = ?2",
                               [.integer(feedID), .text(alert.itemKey)]) { $0.integer(0) }
        if itemID == nil {
            itemID = try first("""
                INSERT INTO item (feed_id, key, id, hash, first_seen, last_seen)
                VALUES (?1, ?2, (SELECT coalesce(max(id), 0) + 1 FROM item), NULL, ?3, ?3) RETURNING id
                """, [.integer(feedID), .text(alert.itemKey), .integer(alert.at)]) { $0.integer(0) }
            createdItem = true
        }
        guard let itemID else { throw missingRow("alerted item") }
        var inserted = 0
        for actor in alert.actorIDs {
            inserted += try run("INSERT OR IGNORE INTO alerted (item_id, actor, alert_id, at) VALUES (?1, ?2, ?3, ?4)",
                                [.integer(itemID), .text(actor), .text(alert.alertID), .integer(alert.at)])
        }
        return (inserted > 0, createdItem)
    }

    func alertsSince(_ since: UnixMillis) throws(StateError) -> Int {
        Int(try first("SELECT count(DISTINCT alert_id) FROM alerted WHERE at >= ?1", [.integer(since)]) { $0.integer(0) } ?? 0)
    }

    // MARK: Housekeeping

    /// Deletes items that a later parse of their feed no longer listed and that were last listed
    /// before `cutoff`; their alerted rows go with them (foreign-key cascade).
    func prune(olderThan cutoff: UnixMillis) throws(StateError) -> Int {
        let feeds = try rows("""
            DELETE FROM item
            WHERE last_seen < ?1 AND last_seen < (SELECT last_parsed FROM feed WHERE feed.id = item.feed_id)
            RETURNING feed_id
            """, [.integer(cutoff)]) { $0.integer(0) }
        // Keep each feed's stored count with its items (the caller's transaction holds both).
        for (feed, count) in Dictionary(feeds.map { ($0, 1) }, uniquingKeysWith: +) {
            try run("UPDATE feed SET stored_items = stored_items - ?2 WHERE id = ?1", [.integer(feed), .integer(Int64(count))])
        }
        return feeds.count
    }

    func claimPrune(now: UnixMillis, every: UnixMillis) throws(StateError) -> Bool {
        try run("""
            INSERT INTO housekeeping (id, last_prune) VALUES (1, ?1)
            ON CONFLICT (id) DO UPDATE SET last_prune = excluded.last_prune
            WHERE housekeeping.last_prune <= ?2 OR housekeeping.last_prune > ?1
            """, [.integer(now), .integer(now - every)]) == 1
    }

    /// One row per feed, its stored item count read from the feed row rather than counted, so
    /// this costs the same at 50,000 feeds and millions of items as at ten.
    func status() throws(StateError) -> [FeedStatus] {
        try rows("SELECT \(Self.feedColumns), stored_items FROM feed ORDER BY url") {
            FeedStatus(feed: Self.feedRecord($0), storedItems: Int($0.integer(16)))
        }
    }

    func storage() throws(StateError) -> StorageStats {
        let pages = try first("PRAGMA page_count") { $0.integer(0) } ?? 0
        let free = try first("PRAGMA freelist_count") { $0.integer(0) } ?? 0
        let size = try first("PRAGMA page_size") { $0.integer(0) } ?? 0
        return StorageStats(pageCount: Int(pages), freePages: Int(free), pageSize: Int(size))
    }

    private func missingRow(_ what: String) -> StateError {
        StateError(code: .other, path: path, message: "SQLite returned no row for the \(what)")
    }
}

// MARK: Alert log checkpoint

extension Connection {
    func logCheckpoint() throws(StateError) -> LogCheckpoint? {
        try first("SELECT device, inode, size, last_line FROM log_checkpoint WHERE id = 1") { row in
            LogCheckpoint(device: UInt64(bitPattern: row.integer(0)), inode: UInt64(bitPattern: row.integer(1)),
                          size: row.integer(2), lastLine: row.text(3) ?? "")
        }
    }

    func saveLogCheckpoint(_ checkpoint: LogCheckpoint) throws(StateError) {
        _ = try run("""
            INSERT INTO log_checkpoint (id, device, inode, size, last_line) VALUES (1, ?1, ?2, ?3, ?4)
            ON CONFLICT (id) DO UPDATE SET device = ?1, inode = ?2, size = ?3, last_line = ?4
            """, [.integer(Int64(bitPattern: checkpoint.device)), .integer(Int64(bitPattern: checkpoint.inode)),
                  .integer(checkpoint.size), .text(checkpoint.lastLine)])
    }
}
