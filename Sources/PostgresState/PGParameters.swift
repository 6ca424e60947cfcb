#if canImport(Glibc)
import Glibc
#endif

/// How to reach the database: the operator's URL, handed to libpq as written (so its own
/// environment variables — `PGPASSWORD`, `PGPASSFILE`/`~/.pgpass`, `PGSSLMODE`, … — apply as in
/// `psql`), plus the settings feedwatch adds in front of it, which the URL may override.
struct PGParameters: Sendable {
    var url: String
    /// The URL with any password removed (the config's `StateLocation` makes it): what
    /// messages name, since a password is never printed.
    var location: String
    var readOnly: Bool
    /// Shown in `pg_stat_activity`: `feedwatch`, or `feedwatch/NODE` for a cluster node.
    var applicationName = "feedwatch"

    /// Calls `body` with libpq's keyword and value arrays (NULL-terminated), valid during the call.
    func withCArrays<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        var pairs: [(String, String)] = [
            // libpq waits forever for an unreachable host by default.
            ("connect_timeout", "10"),
            ("application_name", applicationName),
            // A dead peer is noticed within about a minute instead of the kernel's two hours.
            ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
        ]
        if readOnly { pairs.append(("options", "-c default_transaction_read_only=on")) }
        // Last, so whatever the URL sets itself wins (expand_dbname).
        pairs.append(("dbname", url))
        let keys = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: pairs.count + 1)
        let values = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: pairs.count + 1)
        for (index, pair) in pairs.enumerated() {
            keys[index] = UnsafePointer(strdup(pair.0))
            values[index] = UnsafePointer(strdup(pair.1))
        }
        keys[pairs.count] = nil
        values[pairs.count] = nil
        defer {
            for index in 0..<pairs.count {
                free(UnsafeMutableRawPointer(mutating: keys[index]))
                free(UnsafeMutableRawPointer(mutating: values[index]))
            }
            keys.deallocate()
            values.deallocate()
        }
        return body(UnsafePointer(keys), UnsafePointer(values))
    }
}
