/// One forward step of the schema; `version` is what `PRAGMA user_version` says once it ran.
struct Migration {
    let version: Int
    let sql: String
}

/// The state file's layout and how a file is brought up to it.
///
/// A file is ours when its SQLite `application_id` is ``applicationID``. Its `user_version` is
/// the number of the last migration applied. Migrations only ever add; each one that ships stays
/// in ``migrations`` forever so a file of any older version can be upgraded in one go.
enum Schema {
    /// "FWST" in ASCII: marks the file as feedwatch's in the SQLite header (`file(1)` shows it).
    static let applicationID: Int64 = 0x4657_5354

    static let migrations: [Migration] = [
        Migration(version: 1, sql: """
            CREATE TABLE feed (
                id INTEGER PRIMARY KEY,
                url TEXT NOT NULL UNIQUE,
                etag TEXT,
                last_modified TEXT,
                last_status TEXT CHECK (last_status IN ('ok', 'not_modified', 'failed')),
                last_attempt INTEGER,
                last_success INTEGER,
                last_error TEXT,
                error_kind TEXT,
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                failing_reason TEXT,
                next_due INTEGER,
                redirect_to TEXT,
                fetches INTEGER NOT NULL DEFAULT 0,
                failures INTEGER NOT NULL DEFAULT 0,
                items_seen INTEGER NOT NULL DEFAULT 0,
                alerts_written INTEGER NOT NULL DEFAULT 0,
                last_parsed INTEGER
            );
            -- Clustered by feed: one parse updates a few contiguous pages, and a lookup is one seek.
            -- `id` (allocated as max + 1) is the short key alerted rows refer to.
            CREATE TABLE item (
                feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                id INTEGER NOT NULL UNIQUE,
                hash INTEGER,
                first_seen INTEGER NOT NULL,
                last_seen INTEGER NOT NULL,
                published INTEGER,
                PRIMARY KEY (feed_id, key)
            ) WITHOUT ROWID;
            CREATE TABLE alerted (
                item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
                actor TEXT NOT NULL,
                alert_id TEXT NOT NULL,
                at INTEGER NOT NULL,
                PRIMARY KEY (item_id, actor)
            ) WITHOUT ROWID;
            CREATE INDEX alerted_by_id ON alerted (alert_id);
            CREATE INDEX alerted_by_time ON alerted (at, alert_id);
            """),
        // Where the alert log ended at the last commit, so a start reconciles only what follows.
        Migration(version: 2, sql: """
            CREATE TABLE log_checkpoint (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                device INTEGER NOT NULL,
                inode INTEGER NOT NULL,
                size INTEGER NOT NULL,
                last_line TEXT NOT NULL
            );
            """),
        // Each feed's stored item count, kept by the writes that add and remove items, so
        // `feedwatch status` reads one row per feed instead of counting every item (issue 17).
        Migration(version: 3, sql: """
            ALTER TABLE feed ADD COLUMN stored_items INTEGER NOT NULL DEFAULT 0;
            UPDATE feed SET stored_items = (SELECT count(*) FROM item WHERE item.feed_id = feed.id);
            """),
        // When items were last pruned, by whichever process: pruning reads every item, and a
        // `feedwatch once` per minute (or every node of a cluster) need not repeat it each time.
        Migration(version: 4, sql: """
            CREATE TABLE housekeeping (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last_prune INTEGER NOT NULL
            );
            """),
    ]

    static var latest: Int { migrations.last?.version ?? 0 }

    /// Checks that the file is ours (or empty) and of a version this build can use, then — for a
    /// writable connection — switches to WAL and applies every pending migration in one transaction.
    /// `migrations` is a parameter only so tests can prove an upgrade and its rollback.
    static func prepare(_ connection: Connection, readOnly: Bool, migrations: [Migration] = migrations) throws(StateError) {
        let latest = migrations.last?.version ?? 0
        try connection.exec("PRAGMA foreign_keys = ON")
        // 8 MiB of page cache (SQLite's default is 2): a pass over 1,000 feeds re-reads a quarter fewer pages.
        try connection.exec("PRAGMA cache_size = -8192")
        // The first read of the file: a non-SQLite file fails here with SQLITE_NOTADB.
        let found = try inspect(connection)
        try check(found, latest: latest, path: connection.path)
        if readOnly {
            guard found.version == latest else {
                throw StateError.olderSchema(found.version, latest: latest, path: connection.path)
            }
            return
        }
        let mode = try connection.first("PRAGMA journal_mode = WAL") { $0.text(0) } ?? nil
        guard mode == "wal" else {
            throw StateError(code: .other, path: connection.path,
                             message: "cannot switch to WAL journal mode (still \(mode ?? "unknown"))")
        }
        try connection.exec("PRAGMA synchronous = NORMAL")
        try connection.exec("PRAGMA journal_size_limit = 4194304")
        guard found.version < latest else { return }
        try connection.transaction(write: true) { () throws(StateError) in
            // Another process may have migrated between our check and our write lock.
            let current = try inspect(connection)
            try check(current, latest: latest, path: connection.path)
            for migration in migrations where migration.version > current.version {
                try connection.exec(migration.sql)
                try connection.exec("PRAGMA user_version = \(migration.version)")
            }
            try connection.exec("PRAGMA application_id = \(applicationID)")
        }
    }

    private struct Found {
        var applicationID: Int64
        var version: Int
        var tables: [String]
    }

    private static func inspect(_ connection: Connection) throws(StateError) -> Found {
        let application = try connection.first("PRAGMA application_id") { $0.integer(0) } ?? 0
        let version = try connection.first("PRAGMA user_version") { $0.integer(0) } ?? 0
        let tables = try connection.rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name") {
            $0.text(0) ?? ""
        }
        return Found(applicationID: application, version: Int(version), tables: tables)
    }

    private static func check(_ found: Found, latest: Int, path: String) throws(StateError) {
        if found.applicationID == 0 && found.version == 0 && found.tables.isEmpty { return }  // new, empty file
        guard found.applicationID == applicationID else {
            let tables = found.tables.isEmpty ? "no tables" : "tables \(found.tables.joined(separator: ", "))"
            throw StateError(code: .foreignDatabase, path: path,
                             message: "an SQLite database of another program (\(tables), application id \(found.applicationID))")
        }
        guard found.version <= latest else {
            throw StateError.newerSchema(found.version, latest: latest, path: path)
        }
    }
}
