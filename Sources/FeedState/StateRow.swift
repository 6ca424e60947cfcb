/// A result row as either engine hands it over (SQLite's statement, libpq's text result), so one
/// decoder reads a feed's record from both and the column list is written once.
public protocol StateRow {
    func text(_ column: Int32) -> String?
    func integer(_ column: Int32) -> Int64
    func optionalInteger(_ column: Int32) -> Int64?
}

extension FeedRecord {
    /// The feed table's columns in the order ``init(row:)`` reads them (16 of them).
    public static let columns = """
        url, etag, last_modified, last_status, last_attempt, last_success, last_error, error_kind,
        consecutive_failures, failing_reason, next_due, redirect_to, fetches, failures, items_seen, alerts_written
        """

    /// Upserts everything the caller owns in a record (`$1`–`$14`, in ``columns`` order but for the
    /// store's own counts) and returns the feed's id. One text for both engines: SQLite numbers
    /// `$N` parameters in order of first appearance, which here is 1 to 14.
    public static let upsertSQL = """
        INSERT INTO feed (url, etag, last_modified, last_status, last_attempt, last_success, last_error, error_kind,
                          consecutive_failures, failing_reason, next_due, redirect_to, fetches, failures)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        ON CONFLICT (url) DO UPDATE SET
            etag = excluded.etag, last_modified = excluded.last_modified, last_status = excluded.last_status,
            last_attempt = excluded.last_attempt, last_success = excluded.last_success,
            last_error = excluded.last_error, error_kind = excluded.error_kind,
            consecutive_failures = excluded.consecutive_failures, failing_reason = excluded.failing_reason,
            next_due = excluded.next_due, redirect_to = excluded.redirect_to,
            fetches = excluded.fetches, failures = excluded.failures
        RETURNING id
        """

    /// A record from a row that starts with ``columns``.
    public init(row: some StateRow) {
        self.init(url: row.text(0) ?? "", etag: row.text(1), lastModified: row.text(2),
                  lastStatus: row.text(3).flatMap(FetchOutcome.init(rawValue:)),
                  lastAttempt: row.optionalInteger(4), lastSuccess: row.optionalInteger(5),
                  lastError: row.text(6), errorKind: row.text(7), consecutiveFailures: Int(row.integer(8)),
                  failingReason: row.text(9), nextDue: row.optionalInteger(10), permanentRedirect: row.text(11),
                  fetches: Int(row.integer(12)), failures: Int(row.integer(13)))
        itemsSeen = Int(row.integer(14))
        alertsWritten = Int(row.integer(15))
    }
}
