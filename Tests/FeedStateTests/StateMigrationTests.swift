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
        let upgraded = Schema.migrations + [
            Migration(version: 2, sql: "ALTER TABLE feed ADD COLUMN title TEXT"),
            Migration(version: 3, sql: "UPDATE feed SET title = 'News'; CREATE INDEX item_by_seen ON item (last_seen)"),
        ]
        do {
            let connection = try Connection(path: fixture.path, readOnly: false)
            try Schema.prepare(connection, readOnly: false, migrations: upgraded)
            #expect(try version(connection) == 3)
            #expect(try connection.first("SELECT title, fetches FROM feed") { [$0.text(0), $0.text(1)] } == ["News", "4"])
        }
        // This build knows only schema 1, so the upgraded file is now refused rather than misread.
        let error = #expect(throws: StateError.self) { try fixture.open() }
        #expect(error?.code == .newerSchema)
    }

    @Test func failingMigrationLeavesTheOldVersion() throws {
        let fixture = try fileAtVersionOne()
        let broken = Schema.migrations + [
            Migration(version: 2, sql: "ALTER TABLE feed ADD COLUMN title TEXT"),
            Migration(version: 3, sql: "ALTER TABLE no_such_table ADD COLUMN x TEXT"),
        ]
        let connection = try Connection(path: fixture.path, readOnly: false)
        let error = #expect(throws: StateError.self) { try Schema.prepare(connection, readOnly: false, migrations: broken) }
        #expect(error?.message == "no such table: no_such_table")
        #expect(try version(connection) == 1)
        #expect(try connection.rows("SELECT name FROM pragma_table_info('feed') WHERE name = 'title'") { $0.text(0) }.isEmpty)
        #expect(try fixture.open().feed(url)?.fetches == 4)
    }
}
