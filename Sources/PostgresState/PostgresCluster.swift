import FeedState

/// Leases, outboxes and heartbeats on PostgreSQL: the SQL of docs/cluster.md.
extension PostgresDatabase: ClusterDatabase {
    /// The server's clock in milliseconds: every lease time is read and written with it.
    private static let serverNow = "(extract(epoch from clock_timestamp()) * 1000)::bigint"

    /// The lock claims take for their transaction, so that two nodes counting a host's leases
    /// at once cannot both add to it.
    private static let claimLock: Int64 = 0x4657_434C

    /// A URL's authority (host and port), lower-cased: what the per-host limit counts by.
    private static func host(_ column: String) -> String { "lower(substring(\(column) from '^[^:]+://([^/?#]+)'))" }

    func claim(_ urls: [String], node: String, now: UnixMillis, leaseMillis: Int64, limit: Int, perHost: Int)
        throws(StateError) -> [String: Int64] {
        guard !urls.isEmpty, limit > 0 else { return [:] }
        try connection.run("INSERT INTO feed (url) SELECT unnest($1::text[]) ON CONFLICT (url) DO NOTHING",
                           [.textArray(urls)])
        try connection.run("SELECT pg_advisory_xact_lock($1)", [.integer(Self.claimLock)])
        // SKIP LOCKED: a row another node is recording right now is simply not this node's; the
        // conditions are checked again on each locked row, so two nodes never both claim a feed.
        // Per host, valid leases plus new claims stay within `perHost`.
        let rows = try connection.rows("""
            WITH active AS (
                SELECT \(Self.host("url")) AS host, count(*) AS n FROM feed
                WHERE lease_owner IS NOT NULL AND lease_until > \(Self.serverNow) GROUP BY 1
            ), candidates AS (
                SELECT id, \(Self.host("url")) AS host, coalesce(next_due, 0) AS due FROM feed
                WHERE url = ANY($1::text[]) AND coalesce(next_due, 0) <= $3
                  AND (lease_owner IS NULL OR lease_until <= \(Self.serverNow))
                FOR UPDATE SKIP LOCKED
            ), ranked AS (
                SELECT c.id, c.due, row_number() OVER (PARTITION BY c.host ORDER BY c.due, c.id) + coalesce(a.n, 0) AS place
                FROM candidates AS c LEFT JOIN active AS a ON a.host = c.host
            ), chosen AS (
                SELECT id FROM ranked WHERE place <= $6 ORDER BY due, id LIMIT $5
            )
            UPDATE feed SET lease_owner = $2, lease_until = \(Self.serverNow) + $4, lease_epoch = lease_epoch + 1
            WHERE id IN (SELECT id FROM chosen)
            RETURNING url, lease_epoch
            """, [.textArray(urls), .text(node), .integer(now), .integer(leaseMillis), .integer(Int64(limit)),
                  .integer(Int64(min(perHost, Int(Int32.max))))]) {
            ($0.text(0) ?? "", $0.integer(1))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    func renew(node: String, leaseMillis: Int64, heartbeat: NodeHeartbeat) throws(StateError) -> Int {
        try connection.run("""
            INSERT INTO node (name, pid, version, feeds, watchlist, heartbeat) VALUES ($1, $2, $3, $4, $5, \(Self.serverNow))
            ON CONFLICT (name) DO UPDATE SET pid = $2, version = $3, feeds = $4, watchlist = $5, heartbeat = \(Self.serverNow)
            """, [.text(node), .integer(Int64(heartbeat.pid)), .text(heartbeat.version), .text(heartbeat.feeds),
                  .text(heartbeat.watchlist)])
        // Only leases still valid: one that expired may already be another node's.
        return try connection.run("""
            UPDATE feed SET lease_until = \(Self.serverNow) + $2
            WHERE lease_owner = $1 AND lease_until > \(Self.serverNow)
            """, [.text(node), .integer(leaseMillis)])
    }

    func holdsLease(url: String, node: String, epoch: Int64) throws(StateError) -> Bool {
        try connection.first("""
            SELECT 1 FROM feed WHERE url = $1 AND lease_owner = $2 AND lease_epoch = $3 FOR UPDATE
            """, [.text(url), .text(node), .integer(epoch)]) { _ in true } ?? false
    }

    func release(url: String, node: String, epoch: Int64) throws(StateError) {
        try connection.run("""
            UPDATE feed SET lease_owner = NULL, lease_until = NULL WHERE url = $1 AND lease_owner = $2 AND lease_epoch = $3
            """, [.text(url), .text(node), .integer(epoch)])
    }

    func releaseAll(node: String) throws(StateError) -> Int {
        try connection.run("UPDATE feed SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1", [.text(node)])
    }

    func enqueue(node: String, lines: [OutboxLine]) throws(StateError) {
        guard !lines.isEmpty else { return }
        try connection.run("""
            INSERT INTO outbox (node, alert_id, line)
            SELECT $1, t.alert_id, t.line FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(alert_id, line, n)
            ORDER BY t.n
            """, [.text(node), .textArray(lines.map(\.alertID)), .textArray(lines.map(\.line))])
        try connection.run("""
            INSERT INTO alert_line (at, node, line)
            SELECT \(Self.serverNow), $1, t.line FROM unnest($2::text[]) WITH ORDINALITY AS t(line, n) ORDER BY t.n
            """, [.text(node), .textArray(lines.map(\.line))])
        // Delivered at commit, to `tail --cluster` readers: a wake-up, never the data itself.
        try connection.run("SELECT pg_notify('feedwatch_alerts', $1)", [.text(node)])
    }

    func alertHorizon() throws(StateError) -> UInt64 {
        let horizon = try connection.first("SELECT pg_snapshot_xmin(pg_current_snapshot())::text") { UInt64($0.text(0) ?? "") }
        return (horizon ?? nil) ?? 0
    }

    func alertLines(from: UInt64, below: UInt64) throws(StateError) -> [(sequence: Int64, line: String)] {
        guard below > from else { return [] }
        return try connection.rows("""
            SELECT seq, line FROM alert_line WHERE xid >= $1::text::xid8 AND xid < $2::text::xid8 ORDER BY seq
            """, [.text(String(from)), .text(String(below))]) { (sequence: $0.integer(0), line: $0.text(1) ?? "") }
    }

    func latestAlertLines(_ count: Int, matching: (String) -> Bool) throws(StateError)
        -> (lines: [String], horizon: UInt64, visible: Set<Int64>) {
        // One snapshot for all three answers, so nothing commits between them unseen.
        try connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let horizon = try alertHorizon()
            let visible = try connection.rows("SELECT seq FROM alert_line WHERE xid >= $1::text::xid8",
                                              [.text(String(horizon))]) { $0.integer(0) }
            var found: [String] = []
            var before = Int64.max
            pages: while found.count < count {
                let page = try connection.rows("SELECT seq, line FROM alert_line WHERE seq < $1 ORDER BY seq DESC LIMIT 500",
                                               [.integer(before)]) { ($0.integer(0), $0.text(1) ?? "") }
                guard let last = page.last else { break }
                for (_, line) in page where matching(line) {
                    found.append(line)
                    if found.count == count { break pages }
                }
                before = last.0
            }
            try connection.exec("COMMIT")
            return (found.reversed(), horizon, Set(visible))
        } catch {
            if connection.inTransaction { try? connection.exec("ROLLBACK") }
            throw error
        }
    }

    func waitForAlerts(timeout: Duration) throws(StateError) -> Bool {
        try connection.exec("LISTEN feedwatch_alerts")
        return try connection.waitForNotification(timeout: timeout)
    }

    func outbox(node: String) throws(StateError) -> [OutboxLine] {
        try connection.rows("SELECT seq, alert_id, line FROM outbox WHERE node = $1 ORDER BY seq", [.text(node)]) {
            OutboxLine(sequence: $0.integer(0), alertID: $0.text(1) ?? "", line: $0.text(2) ?? "")
        }
    }

    func dequeue(node: String, through sequence: Int64) throws(StateError) {
        try connection.run("DELETE FROM outbox WHERE node = $1 AND seq <= $2", [.text(node), .integer(sequence)])
    }

    func nodes() throws(StateError) -> [NodeHeartbeat] {
        try connection.rows("SELECT name, pid, version, feeds, watchlist, heartbeat FROM node ORDER BY name") {
            NodeHeartbeat(node: $0.text(0) ?? "", pid: Int($0.integer(1)), version: $0.text(2) ?? "",
                          feeds: $0.text(3) ?? "", watchlist: $0.text(4) ?? "", at: $0.integer(5))
        }
    }
}
