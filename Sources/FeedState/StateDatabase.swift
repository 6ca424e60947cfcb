/// What a state engine does for ``StateStore``: SQLite (the embedded default, ``Connection``) and
/// PostgreSQL (the `PostgresState` module) each implement it once, so the pipeline, the daemon
/// and the commands never know which engine they talk to.
///
/// Every method assumes the caller holds the store's lock (``StateStore`` serialises all use) and,
/// where several statements must land together, an open transaction: ``transaction(write:_:)``
/// for one call, ``begin()``/``commit()``/``rollback()`` for a caller-defined group.
public protocol StateDatabase: AnyObject {
    /// Names the database in messages: the file's path, or the URL without its password.
    var location: String { get }

    /// Runs `body` as one transaction: committed when it returns, rolled back when it throws.
    func transaction<R>(write: Bool, _ body: () throws(StateError) -> R) throws(StateError) -> R
    /// Starts a write transaction whose end the caller decides.
    func begin() throws(StateError)
    func commit() throws(StateError)
    /// Undoes the open transaction, if any; never throws (the caller is already failing).
    func rollback()

    // MARK: Feeds
    func feed(_ url: String) throws(StateError) -> FeedRecord?
    /// Every recorded feed, ordered by URL.
    func allFeeds() throws(StateError) -> [FeedRecord]
    /// The records of those `urls` that have one, in no particular order.
    func feeds(_ urls: [String]) throws(StateError) -> [FeedRecord]
    /// Upserts what the caller owns in the record (not its item and alert counts).
    func saveFeed(_ record: FeedRecord) throws(StateError)
    func removeFeed(_ url: String) throws(StateError) -> Bool

    // MARK: Items and alerts
    func items(feed: String, keys: [String]) throws(StateError) -> [String: ItemRecord]
    func record(_ batch: ItemBatch) throws(StateError)
    func isAlerted(_ alertID: String) throws(StateError) -> Bool
    /// Records each pair of an alert line unless already recorded; false when none was new.
    func markAlerted(feed: String, _ alert: AlertRecord) throws(StateError) -> Bool
    /// Distinct alert lines recorded at or after `since`.
    func alertsSince(_ since: UnixMillis) throws(StateError) -> Int
    func logCheckpoint() throws(StateError) -> LogCheckpoint?
    func saveLogCheckpoint(_ checkpoint: LogCheckpoint) throws(StateError)

    // MARK: Housekeeping
    /// Deletes items their feed no longer lists that were last listed before `cutoff`.
    func prune(olderThan cutoff: UnixMillis) throws(StateError) -> Int
    /// Records `now` as the time of the last prune unless one was recorded less than `every`
    /// before `now`; true when it did (the caller then prunes in the same transaction). A time
    /// recorded after `now` (the clock was set back) does not hold pruning off.
    func claimPrune(now: UnixMillis, every: UnixMillis) throws(StateError) -> Bool
    /// One row per recorded feed, ordered by URL.
    func status() throws(StateError) -> [FeedStatus]
    func storage() throws(StateError) -> StorageStats
}
