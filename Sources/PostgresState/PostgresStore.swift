import FeedState

/// Opening a ``StateStore`` on PostgreSQL (`state: postgresql://…` in the config).
public enum PostgresStore {
    /// The advisory lock a writing process holds for as long as its session lives: one writer per
    /// database, as the `flock` beside an SQLite file gives one writer per file. The server frees
    /// it the moment the session ends, so a killed process never leaves it behind.
    static let writerLock: Int64 = 0x4657_5752

    /// Opens the database for the pipeline, creating or migrating the schema, and takes the
    /// writer lock. Refuses, naming the database, one of another program or a newer feedwatch,
    /// and one that another feedwatch process is writing.
    /// `location` names the database in messages: the URL without its password.
    ///
    /// `node` is set in cluster mode: the process then shares the database with the other nodes
    /// (a shared hold on the writer lock, which a single-node writer's exclusive hold excludes)
    /// and is alone only under its own name (an exclusive lock keyed by it).
    public static func open(url: String, location: String, node: String? = nil) throws(StateError) -> StateStore {
        let name = node.map { "feedwatch/\($0)" } ?? "feedwatch"
        let connection = try PGConnection(parameters: PGParameters(url: url, location: location, readOnly: false,
                                                                   applicationName: name))
        try PostgresSchema.prepare(connection, readOnly: false)
        connection.onConnect = { (connection) throws(StateError) in try takeWriterLock(connection, node: node) }
        try takeWriterLock(connection, node: node)
        // Reads outside transactions go through a read-only session of their own (see StateStore).
        let reader = try PGConnection(parameters: PGParameters(url: url, location: location, readOnly: true,
                                                               applicationName: name))
        return StateStore(PostgresDatabase(connection: connection, node: node ?? ""),
                          reader: PostgresDatabase(connection: reader, node: node ?? ""), readOnly: false)
    }

    /// Opens the database for reading only (`feedwatch status` while the daemon runs): every
    /// transaction of the session is read-only, so nothing it does can write.
    public static func openReadOnly(url: String, location: String) throws(StateError) -> StateStore {
        let connection = try PGConnection(parameters: PGParameters(url: url, location: location, readOnly: true))
        try PostgresSchema.prepare(connection, readOnly: true)
        return StateStore(PostgresDatabase(connection: connection), readOnly: true)
    }

    private static func takeWriterLock(_ connection: PGConnection, node: String?) throws(StateError) {
        if let node {
            let shared = try connection.first("SELECT pg_try_advisory_lock_shared($1)", [.integer(writerLock)]) { $0.bool(0) }
            guard shared == true else {
                throw StateError(code: .busy, path: connection.location,
                                 message: "a single-node feedwatch is writing this database; cluster nodes cannot join it")
            }
            let own = try connection.first("SELECT pg_try_advisory_lock($1, hashtext($2))",
                                           [.integer(Int64(Int32(truncatingIfNeeded: writerLock))), .text(node)]) { $0.bool(0) }
            guard own == true else {
                throw StateError(code: .busy, path: connection.location,
                                 message: "another process is already running as cluster node '\(node)'")
            }
            return
        }
        let taken = try connection.first("SELECT pg_try_advisory_lock($1)", [.integer(writerLock)]) { $0.bool(0) }
        guard taken == true else {
            let holder = try connection.first("""
                SELECT a.application_name || ' (pid ' || a.pid || ' on ' || coalesce(host(a.client_addr), 'local socket') || ')'
                FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid = 0 AND l.objid = $1
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY a.backend_start LIMIT 1
                """, [.integer(writerLock & 0xFFFF_FFFF)]) { $0.text(0) } ?? nil
            throw StateError(code: .busy, path: connection.location,
                             message: "another feedwatch is already writing this database" + (holder.map { " (\($0))" } ?? ""))
        }
    }
}
