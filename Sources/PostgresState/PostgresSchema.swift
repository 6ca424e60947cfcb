import FeedState

/// The database's layout and how a database is brought up to it: the PostgreSQL counterpart of
/// the SQLite file's schema, with the same tables and meaning.
///
/// A database is ours when its `feedwatch_meta` table says `application = feedwatch`; its
/// `schema_version` row is the last migration applied. Migrations only ever add, each runs once
/// in one transaction under an advisory lock, so nodes starting together migrate exactly once.
enum PostgresSchema {
    /// "FWST" as a number: the advisory lock migrations take (`pg_advisory_xact_lock`).
    static let migrationLock: Int64 = 0x4657_5354

    static let migrations: [(version: Int, sql: String)] = [
        (1, """
            CREATE TABLE feedwatch_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO feedwatch_meta (key, value) VALUES ('application', 'feedwatch'), ('schema_version', '0');
            CREATE TABLE feed (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                url TEXT NOT NULL UNIQUE,
                etag TEXT,
                last_modified TEXT,
                last_status TEXT CHECK (last_status IN ('ok', 'not_modified', 'failed')),
                last_attempt BIGINT,
                last_success BIGINT,
                last_error TEXT,
                error_kind TEXT,
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                failing_reason TEXT,
                next_due BIGINT,
                redirect_to TEXT,
                fetches BIGINT NOT NULL DEFAULT 0,
                failures BIGINT NOT NULL DEFAULT 0,
                items_seen BIGINT NOT NULL DEFAULT 0,
                alerts_written BIGINT NOT NULL DEFAULT 0,
                last_parsed BIGINT,
                -- Kept by the writes that add and remove items, so status never counts items.
                stored_items BIGINT NOT NULL DEFAULT 0,
                -- Cluster mode: who fetches the feed now, until when (server ms), and the claim's
                -- number, which every write of the feed's results must still match.
                lease_owner TEXT,
                lease_until BIGINT,
                lease_epoch BIGINT NOT NULL DEFAULT 0
            );
            CREATE TABLE item (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                feed_id BIGINT NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                hash BIGINT,
                first_seen BIGINT NOT NULL,
                last_seen BIGINT NOT NULL,
                published BIGINT,
                UNIQUE (feed_id, key)
            );
            -- The uniqueness that makes an (item, actor) pair alert once, whoever records it.
            CREATE TABLE alerted (
                item_id BIGINT NOT NULL REFERENCES item(id) ON DELETE CASCADE,
                actor TEXT NOT NULL,
                alert_id TEXT NOT NULL,
                at BIGINT NOT NULL,
                PRIMARY KEY (item_id, actor)
            );
            CREATE INDEX alerted_by_id ON alerted (alert_id);
            CREATE INDEX alerted_by_time ON alerted (at, alert_id);
            -- Cluster mode: each node's heartbeat, and the alert lines recorded for its log but
            -- not yet written there (written, then dropped, after each commit and at start).
            -- The leases held now, for the per-host count of every claim.
            CREATE INDEX feed_leased ON feed (lease_until) WHERE lease_owner IS NOT NULL;
            CREATE TABLE node (
                name TEXT PRIMARY KEY,
                pid INTEGER NOT NULL,
                version TEXT NOT NULL,
                feeds TEXT NOT NULL,
                watchlist TEXT NOT NULL,
                heartbeat BIGINT NOT NULL
            );
            CREATE TABLE outbox (
                node TEXT NOT NULL,
                seq BIGINT GENERATED ALWAYS AS IDENTITY,
                alert_id TEXT NOT NULL,
                line TEXT NOT NULL,
                PRIMARY KEY (node, seq)
            );
            -- Cluster mode: every node's alert lines in one place, for `feedwatch tail --cluster`.
            -- `xid` is the writing transaction: a reader takes rows window by window below the
            -- oldest transaction still running, so a row committed late is never skipped.
            CREATE TABLE alert_line (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                at BIGINT NOT NULL,
                node TEXT NOT NULL,
                line TEXT NOT NULL
            );
            CREATE INDEX alert_line_by_xid ON alert_line (xid);
            CREATE INDEX alert_line_by_time ON alert_line (at);
            -- Where each node's alert log ended at its last commit ('' for a single node).
            CREATE TABLE log_checkpoint (
                node TEXT PRIMARY KEY,
                device BIGINT NOT NULL,
                inode BIGINT NOT NULL,
                size BIGINT NOT NULL,
                last_line TEXT NOT NULL
            );
            """),
        // The foreign keys fired a trigger per stored item and alerted pair: 40 % of the server's
        // time recording a fetched feed (docs/performance.md). The two statements that delete —
        // removing a feed and pruning — delete the rows below them themselves, and the pairs a
        // feed's record inserts join the item rows that same statement inserted or locked.
        (2, """
            ALTER TABLE alerted DROP CONSTRAINT IF EXISTS alerted_item_id_fkey;
            ALTER TABLE item DROP CONSTRAINT IF EXISTS item_feed_id_fkey;
            """),
    ]

    static var latest: Int { migrations.last?.version ?? 0 }

    /// Checks that the database is ours (or empty) and not newer than this build, then — for a
    /// writable connection — applies every pending migration.
    static func prepare(_ connection: PGConnection, readOnly: Bool) throws(StateError) {
        let found = try inspect(connection)
        try check(found, location: connection.location)
        if readOnly {
            guard found.version == latest else {
                throw StateError.olderSchema(found.version, latest: latest, path: connection.location)
            }
            return
        }
        guard found.version < latest else { return }
        try connection.exec("BEGIN")
        do {
            try connection.run("SELECT pg_advisory_xact_lock($1)", [.integer(migrationLock)])
            // Another node may have migrated while we waited for the lock.
            let current = try inspect(connection)
            try check(current, location: connection.location)
            for migration in migrations where migration.version > current.version {
                try connection.exec(migration.sql)
                try connection.run("UPDATE feedwatch_meta SET value = $1 WHERE key = 'schema_version'",
                                   [.text(String(migration.version))])
            }
            try connection.exec("COMMIT")
        } catch {
            if connection.inTransaction { try? connection.exec("ROLLBACK") }
            throw error
        }
    }

    private struct Found {
        var application: String?
        var version: Int
        var tables: [String]
    }

    private static func inspect(_ connection: PGConnection) throws(StateError) -> Found {
        // Tables, views and the like in our schema, but not those an extension owns: a database
        // with pg_stat_statements (whose views land in `public`) is still an empty database.
        let tables = try connection.rows("""
            SELECT c.relname FROM pg_class AS c
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            ORDER BY c.relname
            """) { $0.text(0) ?? "" }
        guard tables.contains("feedwatch_meta") else { return Found(application: nil, version: 0, tables: tables) }
        let meta = try connection.rows("SELECT key, value FROM feedwatch_meta") { ($0.text(0) ?? "", $0.text(1) ?? "") }
        let values = Dictionary(meta, uniquingKeysWith: { first, _ in first })
        return Found(application: values["application"], version: values["schema_version"].flatMap { Int($0) } ?? -1,
                     tables: tables)
    }

    private static func check(_ found: Found, location: String) throws(StateError) {
        if found.application == nil && found.tables.isEmpty { return }  // a new, empty database
        guard found.application == "feedwatch", found.version >= 0 else {
            let tables = found.tables.isEmpty ? "no tables" : "tables \(found.tables.prefix(8).joined(separator: ", "))"
            throw StateError(code: .foreignDatabase, path: location,
                             message: "a PostgreSQL database of another program (\(tables))")
        }
        guard found.version <= latest else {
            throw StateError.newerSchema(found.version, latest: latest, path: location)
        }
    }
}
