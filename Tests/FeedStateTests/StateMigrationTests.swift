@testable import FeedState
import Testing

/// Forward migrations on a file that already holds data: applied in order inside one
/// transaction, and a failing one leaves the file exactly at its old version.
struct StateMigrationTests {
    let url = "https://news.example/rss"

    func fileAtVersionOne() throws -> StateFixture {
        let fixture = try StateFixture()
        let store = try fixture.open()
        try store.record(ItemBatch(feed: FeedRecord(url: url, fetches: 4), seenAt: hour, items: items(0..<3)))
        return fixture
    }

    func version(_ connection: Connection) throws -> Int64? {
        try connection.first("PRAGMA user_version") { $0.integer(0) }
    }

    @Test func laterMigrationsUpgradeAnExistingFile() throws {
        let fixture = try fileAtVersionOne()
        let latest = Schema.latest
        let upgraded = Schema.migrations + [
            Migration(version: latest + 1, sql: "ALTER TABLE feed ADD COLUMN title TEXT"),
            Migration(version: latest + 2, sql: "UPDATE feed SET title = 'News'; CREATE INDEX item_by_seen ON item (last_seen)"),
        ]
        do {
            let connection = try Connection(path: fixture.path, readOnly: false)
            try Schema.prepare(connection, readOnly: false, migrations: upgraded)
            #expect(try version(connection) == Int64(latest + 2))
            #expect(try connection.first("SELECT title, fetches FROM feed") { [$0.text(0), $0.text(1)] } == ["News", "4"])
        }
        // This build does not know those schemas, so the upgraded file is now refused rather than misread.
        let error = #expect(throws: StateError.self) { try fixture.open() }
        #expect(error?.code == .newerSchema)
    }

    @Test func failingMigrationLeavesTheOldVersion() throws {
        let fixture = try fileAtVersionOne()
        let latest = Schema.latest
        let broken = Schema.migrations + [
            Migration(version: latest + 1, sql: "ALTER TABLE feed ADD COLUMN title TEXT"),
            Migration(version: latest + 2, sql: "ALTER TABLE no_such_table ADD COLUMN x TEXT"),
        ]
        let connection = try Connection(path: fixture.path, readOnly: false)
        let error = #expect(throws: StateError.self) { try Schema.prepare(connection, readOnly: false, migrations: broken) }
        #expect(error?.message == "no such table: no_such_table")
        #expect(try version(connection) == Int64(latest))
        #expect(try connection.rows("SELECT name FROM pragma_table_info('feed') WHERE name = 'title'") { $0.text(0) }.isEmpty)
        #expect(try fixture.open().feed(url)?.fetches == 4)
    }

    /// A file written before the alert log checkpoint existed (schema 1) gains its table, keeps
    /// its data, and has no checkpoint until the next commit.
    @Test func schemaOneFileGainsTheLogCheckpoint() throws {
        let fixture = try StateFixture()
        do {
            let connection = try Connection(path: fixture.path, readOnly: false)
            try Schema.prepare(connection, readOnly: false, migrations: Array(Schema.migrations.prefix(1)))
            #expect(try version(connection) == 1)
        }
        let store = try fixture.open()
        try store.record(ItemBatch(feed: FeedRecord(url: url, fetches: 4), seenAt: hour, items: items(0..<3)))
        #expect(try store.logCheckpoint() == nil)
        let checkpoint = LogCheckpoint(device: 1 << 63, inode: 42, size: 1234, lastLine: "{\"v\":1}\n")
        try store.transaction { try $0.saveLogCheckpoint(checkpoint) }
        try store.transaction { try $0.saveLogCheckpoint(checkpoint) }  // replaced, not added
        #expect(try store.logCheckpoint() == checkpoint)
        #expect(try store.feed(url)?.fetches == 4)
    }

    /// A file from before the per-feed stored count (schema 2) gets it filled from its items, and
    /// status reads it from then on, through later writes and pruning.
    @Test func schemaTwoFileGainsStoredItemCounts() throws {
        let fixture = try StateFixture()
        do {
            let connection = try Connection(path: fixture.path, readOnly: false)
            try Schema.prepare(connection, readOnly: false, migrations: Array(Schema.migrations.prefix(2)))
            try connection.exec("INSERT INTO feed (id, url, last_parsed) VALUES (1, 'https://a.example/rss', 100), (2, 'https://b.example/rss', 100)")
            try connection.exec("""
                INSERT INTO item (feed_id, key, id, hash, first_seen, last_seen) VALUES
                (1, 'a1', 1, 1, 10, 100), (1, 'a2', 2, 2, 10, 100), (1, 'a3', 3, 3, 10, 50), (2, 'b1', 4, 4, 10, 100)
                """)
        }
        let store = try fixture.open()
        #expect(try store.status().map(\.storedItems) == [3, 1])
        try store.record(ItemBatch(feed: FeedRecord(url: "https://b.example/rss"), seenAt: 200,
                                   items: [SeenItem(key: "b1", contentHash: 4), SeenItem(key: "b2", contentHash: 5)]))
        #expect(try store.status().map(\.storedItems) == [3, 2])
        // a3 left its feed before the last parse and is older than the cutoff: pruned, and counted out.
        #expect(try store.prune(olderThan: 60) == 1)
        #expect(try store.status().map(\.storedItems) == [2, 2])
    }
}
