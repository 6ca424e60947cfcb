import FeedState

/// The state on PostgreSQL: every ``StateDatabase`` operation as the SQLite store does it, in
/// PostgreSQL's SQL. Where SQLite runs one statement per item, this sends a feed's items (and
/// alerts) as arrays in one statement, because here each statement is a network round trip.
final class PostgresDatabase: StateDatabase {
    let connection: PGConnection
    /// The row of `log_checkpoint` this process owns ('' for a single node).
    let node: String

    init(connection: PGConnection, node: String = "") {
        self.connection = connection
        self.node = node
    }

    var location: String { connection.location }

    // MARK: Transactions

    func transaction<R>(write: Bool, _ body: () throws(StateError) -> R) throws(StateError) -> R {
        // A read of one statement needs no transaction; the few multi-statement reads tolerate
        // READ COMMITTED, as only this node writes what they read.
        guard write else { return try body() }
        try begin()
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            rollback()
            throw error
        }
    }

    /// A session the server dropped while idle (a restart, `pg_terminate_backend`) shows only
    /// when used; if that is at BEGIN, nothing was sent that could have written, so the
    /// transaction simply starts on a new session. A drop inside a transaction fails it.
    func begin() throws(StateError) {
        do { try connection.exec("BEGIN") } catch {
            guard connection.isBroken else { throw error }
            try connection.exec("BEGIN")
        }
    }

    /// A failed COMMIT leaves nothing recorded: the server rolls the transaction back itself.
    func commit() throws(StateError) {
        do { try connection.exec("COMMIT") } catch {
            rollback()
            throw error
        }
    }

    func rollback() {
        guard connection.inTransaction else { return }
        try? connection.exec("ROLLBACK")
    }

    // MARK: Feeds

    private static let feedColumns = FeedRecord.columns

    private static func feedRecord(_ row: PGRow) -> FeedRecord { FeedRecord(row: row) }

    func feed(_ url: String) throws(StateError) -> FeedRecord? {
        try connection.first("SELECT \(Self.feedColumns) FROM feed WHERE url = $1", [.text(url)], Self.feedRecord)
    }

    func allFeeds() throws(StateError) -> [FeedRecord] {
        try connection.rows("SELECT \(Self.feedColumns) FROM feed ORDER BY url", [], Self.feedRecord)
    }

    func feeds(_ urls: [String]) throws(StateError) -> [FeedRecord] {
        var records: [FeedRecord] = []
        var start = 0
        while start < urls.count {
            let chunk = Array(urls[start..<min(start + 5_000, urls.count)])
            records += try connection.rows("SELECT \(Self.feedColumns) FROM feed WHERE url = ANY($1::text[])",
                                           [.textArray(chunk)], Self.feedRecord)
            start += chunk.count
        }
        return records
    }

    func saveFeed(_ record: FeedRecord) throws(StateError) { _ = try upsertFeed(record) }

    /// The upsert of a feed's record (``FeedRecord/upsertSQL``, `$1`–`$14` from ``values(of:)``),
    /// alone and as the first step of ``recordListed(_:items:)``.
    private static let upsertFeedSQL = FeedRecord.upsertSQL

    private static func values(of record: FeedRecord) -> [PGValue] {
        [.text(record.url), .text(record.etag), .text(record.lastModified), .text(record.lastStatus?.rawValue),
         .integer(record.lastAttempt), .integer(record.lastSuccess), .text(record.lastError), .text(record.errorKind),
         .integer(Int64(record.consecutiveFailures)), .text(record.failingReason), .integer(record.nextDue),
         .text(record.permanentRedirect), .integer(Int64(record.fetches)), .integer(Int64(record.failures))]
    }

    private func upsertFeed(_ record: FeedRecord) throws(StateError) -> Int64 {
        let id = try connection.first(Self.upsertFeedSQL, Self.values(of: record)) { $0.integer(0) }
        guard let id else { throw missingRow("saved feed") }
        return id
    }

    /// The feed's id, creating a bare row for a feed known only from the alert log.
    private func ensureFeed(_ url: String) throws(StateError) -> Int64 {
        try connection.run("INSERT INTO feed (url) VALUES ($1) ON CONFLICT (url) DO NOTHING", [.text(url)])
        guard let id = try connection.first("SELECT id FROM feed WHERE url = $1", [.text(url)], { $0.integer(0) }) else {
            throw missingRow("feed")
        }
        return id
    }

    /// The feed with its items and their pairs, in one statement (the schema has no cascading
    /// foreign keys; see migration 2).
    func removeFeed(_ url: String) throws(StateError) -> Bool {
        let removed = try connection.first("""
            WITH f AS (
                DELETE FROM feed WHERE url = $1 RETURNING id
            ), items AS (
                DELETE FROM item USING f WHERE item.feed_id = f.id RETURNING item.id
            ), pairs AS (
                DELETE FROM alerted USING items WHERE alerted.item_id = items.id
            )
            SELECT count(*) FROM f
            """, [.text(url)]) { $0.integer(0) }
        return (removed ?? 0) > 0
    }

    // MARK: Items

    func items(feed url: String, keys: [String]) throws(StateError) -> [String: ItemRecord] {
        guard !keys.isEmpty else { return [:] }
        let rows = try connection.rows("""
            SELECT i.key, i.hash, i.first_seen, i.last_seen, i.published, a.actor, a.alert_id
            FROM feed AS f JOIN item AS i ON i.feed_id = f.id LEFT JOIN alerted AS a ON a.item_id = i.id
            WHERE f.url = $1 AND i.key = ANY($2::text[])
            """, [.text(url), .textArray(keys)]) { row in
            (ItemRecord(key: row.text(0) ?? "", contentHash: row.optionalInteger(1).map { UInt64(bitPattern: $0) },
                        firstSeen: row.integer(2), lastSeen: row.integer(3), published: row.optionalInteger(4)),
             row.text(5), row.text(6))
        }
        var found: [String: ItemRecord] = [:]
        found.reserveCapacity(rows.count)
        for (record, actor, alertID) in rows {
            var entry = found[record.key] ?? record
            if let actor, let alertID { entry.alerted[actor] = alertID }
            found[record.key] = entry
        }
        return found
    }

    func record(_ batch: ItemBatch) throws(StateError) {
        // One row per key (the last listing wins, as SQLite's statement-per-item order gives).
        var latest: [String: SeenItem] = [:]
        var order: [String] = []
        for item in batch.items {
            if latest.updateValue(item, forKey: item.key) == nil { order.append(item.key) }
        }
        let items = order.compactMap { latest[$0] }
        // The pipeline's case: every alert is about a listed item. Then the feed, its items and
        // their pairs go in one statement (a round trip each would be five).
        if !items.isEmpty, batch.alerts.allSatisfy({ latest[$0.itemKey] != nil }) {
            return try recordListed(batch, items: items)
        }
        let feedID = try upsertFeed(batch.feed)
        var newItems: Int64 = 0
        if !items.isEmpty {
            let inserted = try connection.rows("""
                INSERT INTO item (feed_id, key, hash, first_seen, last_seen, published)
                SELECT $1, t.key, t.hash, $4, $4, t.published
                FROM unnest($2::text[], $3::bigint[], $5::bigint[]) AS t(key, hash, published)
                ON CONFLICT (feed_id, key) DO UPDATE SET
                    hash = excluded.hash, last_seen = excluded.last_seen,
                    published = coalesce(excluded.published, item.published)
                RETURNING (xmax = 0)
                """, [.integer(feedID), .textArray(items.map(\.key)),
                      .integerArray(items.map { Int64(bitPattern: $0.contentHash) }), .integer(batch.seenAt),
                      .integerArray(items.map(\.published))]) { $0.bool(0) }
            newItems = Int64(inserted.filter { $0 }.count)
        }
        let outcome = try insertAlerts(batch.alerts, feedID: feedID)
        try addCounts(feedID: feedID, items: newItems + outcome.createdItems, alerts: outcome.recordedAlerts,
                      parsedAt: batch.seenAt)
    }

    /// ``record(_:)`` in two statements: the feed, its items and the pairs of its alerts through
    /// data-modifying CTEs (the pairs join the items the same statement wrote or updated), then the
    /// feed's counters (a statement may not modify the row its own CTE just wrote).
    private func recordListed(_ batch: ItemBatch, items: [SeenItem]) throws(StateError) {
        let record = batch.feed
        let values: [PGValue] = Self.values(of: record) + [
            .textArray(items.map(\.key)), .integer(batch.seenAt), .integerArray(items.map { Int64(bitPattern: $0.contentHash) }),
            .integerArray(items.map(\.published)),
        ] + PairColumns(batch.alerts).values
        let counts = try connection.first("""
            WITH f AS (
            \(Self.upsertFeedSQL)
            ), seen AS (
                INSERT INTO item (feed_id, key, hash, first_seen, last_seen, published)
                SELECT f.id, t.key, t.hash, $16, $16, t.published
                FROM f, unnest($15::text[], $17::bigint[], $18::bigint[]) AS t(key, hash, published)
                ON CONFLICT (feed_id, key) DO UPDATE SET
                    hash = excluded.hash, last_seen = excluded.last_seen,
                    published = coalesce(excluded.published, item.published)
                RETURNING id, key, (xmax = 0) AS inserted
            ), pairs AS (
                INSERT INTO alerted (item_id, actor, alert_id, at)
                SELECT s.id, t.actor, t.alert_id, t.at
                FROM unnest($19::text[], $20::text[], $21::text[], $22::bigint[]) AS t(key, actor, alert_id, at)
                JOIN seen AS s ON s.key = t.key
                ON CONFLICT (item_id, actor) DO NOTHING
                RETURNING alert_id
            )
            SELECT (SELECT id FROM f), (SELECT count(*) FROM seen WHERE inserted), (SELECT count(DISTINCT alert_id) FROM pairs)
            """, values) { ($0.integer(0), $0.integer(1), $0.integer(2)) }
        guard let (feedID, newItems, recordedAlerts) = counts else { throw missingRow("recorded feed") }
        try addCounts(feedID: feedID, items: newItems, alerts: recordedAlerts, parsedAt: batch.seenAt)
    }

    /// Adds a record's new items and alerts to the feed's counters; `parsedAt` is when its
    /// listing was read (nil for alerts recovered from the log, which list nothing).
    private func addCounts(feedID: Int64, items: Int64, alerts: Int64, parsedAt: UnixMillis?) throws(StateError) {
        try connection.run("""
            UPDATE feed SET items_seen = items_seen + $2, stored_items = stored_items + $2,
                            alerts_written = alerts_written + $3, last_parsed = coalesce($4, last_parsed)
            WHERE id = $1
            """, [.integer(feedID), .integer(items), .integer(alerts), .integer(parsedAt)])
    }

    // MARK: Alerts

    func isAlerted(_ alertID: String) throws(StateError) -> Bool {
        try connection.first("SELECT 1 FROM alerted WHERE alert_id = $1 LIMIT 1", [.text(alertID)]) { _ in true } ?? false
    }

    func markAlerted(feed url: String, _ alert: AlertRecord) throws(StateError) -> Bool {
        let feedID = try ensureFeed(url)
        let outcome = try insertAlerts([alert], feedID: feedID)
        guard outcome.recordedAlerts > 0 || outcome.createdItems > 0 else { return false }
        try addCounts(feedID: feedID, items: outcome.createdItems, alerts: outcome.recordedAlerts, parsedAt: nil)
        return outcome.recordedAlerts > 0
    }

    /// Records each (item, actor) pair of the alert lines unless already recorded — the primary
    /// key decides, so two writers can never both record one pair — creating items the log
    /// knows but the state does not yet (with an unknown content hash).
    private func insertAlerts(_ alerts: [AlertRecord], feedID: Int64) throws(StateError)
        -> (recordedAlerts: Int64, createdItems: Int64) {
        guard !alerts.isEmpty else { return (0, 0) }
        let created = try connection.rows("""
            INSERT INTO item (feed_id, key, hash, first_seen, last_seen)
            SELECT $1, t.key, NULL, min(t.at), min(t.at) FROM unnest($2::text[], $3::bigint[]) AS t(key, at)
            GROUP BY t.key
            ON CONFLICT (feed_id, key) DO NOTHING
            RETURNING id
            """, [.integer(feedID), .textArray(alerts.map(\.itemKey)), .integerArray(alerts.map(\.at))]) { $0.integer(0) }
        // The items are locked as a foreign key would: a prune running at the same time cannot
        // delete one under its new pair.
        let recorded = try connection.rows("""
            WITH items AS (
                SELECT id, key FROM item WHERE feed_id = $1 AND key = ANY($2::text[]) FOR KEY SHARE
            )
            INSERT INTO alerted (item_id, actor, alert_id, at)
            SELECT i.id, t.actor, t.alert_id, t.at
            FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) AS t(key, actor, alert_id, at)
            JOIN items AS i ON i.key = t.key
            ON CONFLICT (item_id, actor) DO NOTHING
            RETURNING alert_id
            """, [.integer(feedID)] + PairColumns(alerts).values) {
            $0.text(0) ?? ""
        }
        return (Int64(Set(recorded).count), Int64(created.count))
    }

    func alertsSince(_ since: UnixMillis) throws(StateError) -> Int {
        Int(try connection.first("SELECT count(DISTINCT alert_id) FROM alerted WHERE at >= $1", [.integer(since)]) {
            $0.integer(0)
        } ?? 0)
    }

    func logCheckpoint() throws(StateError) -> LogCheckpoint? {
        try connection.first("SELECT device, inode, size, last_line FROM log_checkpoint WHERE node = $1", [.text(node)]) { row in
            LogCheckpoint(device: UInt64(bitPattern: row.integer(0)), inode: UInt64(bitPattern: row.integer(1)),
                          size: row.integer(2), lastLine: row.text(3) ?? "")
        }
    }

    func saveLogCheckpoint(_ checkpoint: LogCheckpoint) throws(StateError) {
        try connection.run("""
            INSERT INTO log_checkpoint (node, device, inode, size, last_line) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (node) DO UPDATE SET device = $2, inode = $3, size = $4, last_line = $5
            """, [.text(node), .integer(Int64(bitPattern: checkpoint.device)), .integer(Int64(bitPattern: checkpoint.inode)),
                  .integer(checkpoint.size), .text(checkpoint.lastLine)])
    }

    // MARK: Housekeeping

    /// Deletes the old items with their pairs and adjusts each feed's stored count in one
    /// statement (the caller's transaction); the cluster's alert lines are kept as long as items are.
    func prune(olderThan cutoff: UnixMillis) throws(StateError) -> Int {
        try connection.run("DELETE FROM alert_line WHERE at < $1", [.integer(cutoff)])
        return try connection.first("""
            WITH gone AS (
                DELETE FROM item USING feed
                WHERE feed.id = item.feed_id AND item.last_seen < $1 AND item.last_seen < feed.last_parsed
                RETURNING item.id, item.feed_id
            ), pairs AS (
                DELETE FROM alerted USING gone WHERE alerted.item_id = gone.id
            ), counted AS (
                SELECT feed_id, count(*) AS n FROM gone GROUP BY feed_id
            ), adjusted AS (
                UPDATE feed SET stored_items = stored_items - counted.n FROM counted WHERE feed.id = counted.feed_id
            )
            SELECT coalesce(sum(n), 0) FROM counted
            """, [.integer(cutoff)]) { Int($0.integer(0)) } ?? 0
    }

    /// The time lives in `feedwatch_meta`, shared by every node of a cluster: the node whose
    /// upsert changed the row prunes, and the others, seeing a recent time, do not.
    func claimPrune(now: UnixMillis, every: UnixMillis) throws(StateError) -> Bool {
        try connection.run("""
            INSERT INTO feedwatch_meta (key, value) VALUES ('last_prune', $1)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            WHERE feedwatch_meta.value::bigint <= $2 OR feedwatch_meta.value::bigint > $3
            """, [.text(String(now)), .integer(now - every), .integer(now)]) == 1
    }

    func status() throws(StateError) -> [FeedStatus] {
        try connection.rows("""
            SELECT \(Self.feedColumns), stored_items,
                   CASE WHEN lease_until > (extract(epoch from clock_timestamp()) * 1000)::bigint THEN lease_owner END
            FROM feed ORDER BY url
            """) { FeedStatus(feed: Self.feedRecord($0), storedItems: Int($0.integer(16)), leaseOwner: $0.text(17)) }
    }

    /// The database's size as PostgreSQL counts it, in its 8 KiB pages.
    func storage() throws(StateError) -> StorageStats {
        let bytes = try connection.first("SELECT pg_database_size(current_database())") { $0.integer(0) } ?? 0
        return StorageStats(pageCount: Int(bytes / 8192), freePages: 0, pageSize: 8192)
    }

    private func missingRow(_ what: String) -> StateError {
        StateError(code: .other, path: location, message: "PostgreSQL returned no row for the \(what)")
    }
}

/// Alert lines as the four parallel arrays (item key, actor, alert id, time) that `unnest`
/// turns into one row per (item, actor) pair.
private struct PairColumns {
    var keys: [String] = [], actors: [String] = [], ids: [String] = [], times: [Int64?] = []

    init(_ alerts: [AlertRecord]) {
        for alert in alerts {
            for actor in alert.actorIDs {
                keys.append(alert.itemKey)
                actors.append(actor)
                ids.append(alert.alertID)
                times.append(alert.at)
            }
        }
    }

    var values: [PGValue] { [.textArray(keys), .textArray(actors), .textArray(ids), .integerArray(times)] }
}
