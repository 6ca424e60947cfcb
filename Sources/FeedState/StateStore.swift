#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// feedwatch's memory between passes and restarts: per-feed fetch state and per-item alert
/// history, in one SQLite file or (module `PostgresState`) a PostgreSQL database.
///
/// One connection to a ``StateDatabase``, serialised by a mutex (hence `@unchecked`: every use of the connection is
/// inside ``lock``), so any task may call any method; each call is its
/// own transaction unless grouped with ``transaction(_:)``. The file is in WAL mode so
/// `feedwatch status` can read it (``openReadOnly(path:)``) while the daemon writes, and every
/// write is atomic: a SIGKILL at any instant leaves a batch either fully recorded or not at all.
/// All times are ``UnixMillis``.
public final class StateStore: @unchecked Sendable {
    /// The file this store reads and writes, as given when opening, or the database's URL
    /// without its password.
    public let path: String
    /// True for a store from ``openReadOnly(path:)``: writes fail with ``StateError/Code/readOnly``.
    public let isReadOnly: Bool
    private let connection: any StateDatabase
    private let lock = Mutex<Void>(())
    /// A second session for reads outside transactions, when the engine is a server: the
    /// workers' item lookups then never wait behind a commit's round trips. Reads see what is
    /// committed, which is everything outside a transaction, so nothing reads differently.
    private let reader: (any StateDatabase)?
    private let readerLock = Mutex<Void>(())
    /// The thread running a ``transaction(_:)`` body (0 when none), so a store method called
    /// from inside the body fails with a clear error instead of deadlocking on ``lock``.
    private let transactionThread = Atomic<UInt>(0)
    private let recordsRead = Atomic<Int>(0)

    /// Feed records read so far (`allFeeds`, `feeds`): the scheduler's tests show that an idle
    /// daemon reads none, and that a pass reads only its own feeds'.
    public var feedRecordsRead: Int { recordsRead.load(ordering: .relaxed) }

    /// The schema version this build writes; a file with a higher one is refused.
    public static var schemaVersion: Int { Schema.latest }

    /// A store over an engine opened elsewhere (the PostgreSQL module's `open`).
    public init(_ connection: any StateDatabase, reader: (any StateDatabase)? = nil, readOnly: Bool) {
        self.reader = reader
        path = connection.location
        isReadOnly = readOnly
        self.connection = connection
    }

    /// Opens (creating if absent) the state file and migrates it to ``schemaVersion``.
    ///
    /// The folder must exist: creating it is the caller's decision (systemd's `StateDirectory=`
    /// or the config's path). Refuses, with a message naming the file, anything that is not an
    /// SQLite file, an SQLite file of another program, or a file from a newer feedwatch, so a
    /// mistake never silently restarts from empty state and re-alerts everything.
    public static func open(path: String) throws(StateError) -> StateStore {
        let connection = try Connection(path: path, readOnly: false)
        try Schema.prepare(connection, readOnly: false)
        return StateStore(connection, readOnly: false)
    }

    /// Opens an existing state file for reading only, e.g. for `feedwatch status` while the
    /// daemon runs: WAL lets it see every committed write without blocking the writer.
    /// Never creates or migrates the file.
    ///
    /// A reader that may not create files beside the state (a member of the service's group, with
    /// the state folder 0750) cannot make the `-shm` index SQLite needs for a WAL file. While the
    /// daemon runs it keeps `-wal` and `-shm` open and readable, so that works; when no `-wal`
    /// file exists no writer has the file open and every commit is in the main file, so it is
    /// read as immutable instead, which needs no index.
    public static func openReadOnly(path: String) throws(StateError) -> StateStore {
        do throws(StateError) {
            return try openReadOnly(path: path, immutable: false)
        } catch {
            guard error.code == .readOnly, !fileExists(path + "-wal") else { throw error }
            return try openReadOnly(path: path, immutable: true)
        }
    }

    private static func openReadOnly(path: String, immutable: Bool) throws(StateError) -> StateStore {
        let connection = try Connection(path: path, readOnly: true, immutable: immutable)
        try Schema.prepare(connection, readOnly: true)
        return StateStore(connection, readOnly: true)
    }

    // MARK: Feeds

    /// The saved state of a feed, or nil for a feed never recorded (fetch it unconditionally).
    public func feed(_ url: String) throws(StateError) -> FeedRecord? {
        try access("reading feed \(url)", write: false) { (db) throws(StateError) in try db.feed(url) }
    }

    /// Every recorded feed, ordered by URL; the scheduler loads these once at start.
    public func allFeeds() throws(StateError) -> [FeedRecord] {
        let records = try access("reading feeds", write: false) { (db) throws(StateError) in try db.allFeeds() }
        recordsRead.add(records.count, ordering: .relaxed)
        return records
    }

    /// The records of the given feeds (those that have one), keyed by URL: what a pass over some
    /// feeds reads, in time proportional to them rather than to every feed in the file.
    public func feeds(_ urls: [String]) throws(StateError) -> [String: FeedRecord] {
        let records = try access("reading feeds", write: false) { (db) throws(StateError) in try db.feeds(urls) }
        recordsRead.add(records.count, ordering: .relaxed)
        return Dictionary(records.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Saves a feed's fetch state after a fetch that produced no items to record (304, failure).
    /// ``FeedRecord/itemsSeen`` and ``FeedRecord/alertsWritten`` are kept as the store counted them.
    public func saveFeed(_ record: FeedRecord) throws(StateError) {
        try access("saving feed \(record.url)", write: true) { (db) throws(StateError) in
            try db.saveFeed(record)
        }
    }

    /// Forgets a feed with all its items and alert history (after it left the config for good).
    /// Returns whether it was known.
    @discardableResult
    public func removeFeed(_ url: String) throws(StateError) -> Bool {
        try access("removing feed \(url)", write: true) { (db) throws(StateError) in try db.removeFeed(url) }
    }

    // MARK: Items and alerts

    /// The stored records of those `keys` the feed already has, keyed by item key; absent keys
    /// are new items. One call per parsed feed: the lookups share one read transaction and one
    /// prepared statement, so a 500-item feed costs about a millisecond.
    public func items(feed: String, keys: [String]) throws(StateError) -> [String: ItemRecord] {
        try access("reading items of \(feed)", write: false) { (db) throws(StateError) in
            try db.items(feed: feed, keys: keys)
        }
    }

    /// Records a parse in one transaction: the feed's record, every listed item (new ones
    /// inserted, known ones get the new hash and `lastSeen`), and the alert lines written.
    /// Call it after the alert lines are in the log, never before, so a crash can only leave
    /// lines the start-up recovery marks with ``markAlerted(_:feed:)``.
    public func record(_ batch: ItemBatch) throws(StateError) {
        try access("recording items of \(batch.feed.url)", write: true) { (db) throws(StateError) in try db.record(batch) }
    }

    /// Where the alert log ended at the last commit that recorded lines; nil before the first.
    public func logCheckpoint() throws(StateError) -> LogCheckpoint? {
        try access("reading the alert log checkpoint", write: false) { (db) throws(StateError) in try db.logCheckpoint() }
    }

    /// Whether an alert line with this id was already recorded; crash recovery asks this for
    /// each line in the log's tail.

    public func isAlerted(alertID: String) throws(StateError) -> Bool {
        try access("looking up alert \(alertID)", write: false) { (db) throws(StateError) in try db.isAlerted(alertID) }
    }

    /// Records an alert line found in the log but not in the state (the process died between
    /// writing it and recording it), so its pairs are never alerted again. Returns false when
    /// every pair was already recorded.
    @discardableResult
    public func markAlerted(_ alert: AlertRecord, feed: String) throws(StateError) -> Bool {
        try access("recording alert \(alert.alertID)", write: true) { (db) throws(StateError) in
            try db.markAlerted(feed: feed, alert)
        }
    }

    /// Alert lines recorded at or after `since`, for the daemon's periodic status line.
    public func alertsSince(_ since: UnixMillis) throws(StateError) -> Int {
        try access("counting alerts", write: false) { (db) throws(StateError) in try db.alertsSince(since) }
    }

    // MARK: Housekeeping

    /// Deletes items (and their alert history) that have left their feed — a later parse no
    /// longer listed them — and were last listed before `olderThan`. Items still in a feed are
    /// kept however old, so a feed serving only 304s never re-alerts. Returns the items deleted.
    /// Freed pages are reused, so under a steady feed the file stops growing without VACUUM.
    @discardableResult
    public func prune(olderThan cutoff: UnixMillis) throws(StateError) -> Int {
        try access("pruning items", write: true) { (db) throws(StateError) in try db.prune(olderThan: cutoff) }
    }

    /// The same, unless this state was pruned less than `every` before `now` — by this process or
    /// any other using it (a `feedwatch once` per minute, the nodes of a cluster). Pruning reads
    /// every stored item, while retention is counted in days. Returns nil when it was not due.
    @discardableResult
    public func pruneIfDue(olderThan cutoff: UnixMillis, now: UnixMillis, every: UnixMillis) throws(StateError) -> Int? {
        try access("pruning items", write: true) { (db) throws(StateError) -> Int? in
            guard try db.claimPrune(now: now, every: every) else { return nil }
            return try db.prune(olderThan: cutoff)
        }
    }

    /// One row per recorded feed, ordered by URL, for `feedwatch status`.
    public func status() throws(StateError) -> [FeedStatus] {
        try access("reading status", write: false) { (db) throws(StateError) in try db.status() }
    }

    /// Page counts of the main file, to report its size and show that pruning bounds it.
    public func storage() throws(StateError) -> StorageStats {
        try access("reading file size", write: false) { (db) throws(StateError) in try db.storage() }
    }

    /// Caps the file at `pages` pages (SQLite's `max_page_count`) for this connection, so tests
    /// can make writes fail exactly as on a full disk without filling one.
    func limitPages(_ pages: Int) throws(StateError) {
        try access("limiting the file size", write: false) { (db) throws(StateError) in
            try (db as? Connection)?.exec("PRAGMA max_page_count = \(pages)")
        }
    }

    // MARK: Transactions

    /// Runs `body` as one transaction: everything it records is committed together when it
    /// returns, and nothing is when it throws (its error is rethrown) or the process dies.
    ///
    /// Holds the store's lock throughout, so keep the body to state work: no network, no waiting.
    /// The ``StateTransaction`` is valid only during the call; inside the body, use it rather
    /// than the store (whose methods then throw instead of waiting for the lock forever).
    public func transaction<R: Sendable>(_ body: (StateTransaction) throws -> R) throws -> R {
        try checkNotInTransaction("starting a transaction")
        return try lock.withLock { _ throws -> R in
            let db = connection
            try db.begin()
            let transaction = StateTransaction(db)
            transactionThread.store(Self.currentThread, ordering: .releasing)
            defer {
                transactionThread.store(0, ordering: .releasing)
                transaction.close()
            }
            do {
                let result = try body(transaction)
                try db.commit()
                return result
            } catch {
                db.rollback()
                throw error
            }
        }
    }

    func access<T: Sendable>(_ what: String, write: Bool,
                                     _ body: (any StateDatabase) throws(StateError) -> T) throws(StateError) -> T {
        try checkNotInTransaction(what)
        do {
            if !write, let reader {
                return try readerLock.withLock { _ throws(StateError) -> T in
                    try reader.transaction(write: false) { () throws(StateError) in try body(reader) }
                }
            }
            return try lock.withLock { _ throws(StateError) -> T in
                try connection.transaction(write: write) { () throws(StateError) in try body(connection) }
            }
        } catch {
            throw error.during(what)
        }
    }

    private func checkNotInTransaction(_ what: String) throws(StateError) {
        guard transactionThread.load(ordering: .acquiring) == Self.currentThread else { return }
        throw StateError(code: .other, path: path, context: what,
                         message: "the store was called inside its own transaction; use the StateTransaction instead")
    }

    #if canImport(Glibc)
    private static var currentThread: UInt { UInt(pthread_self()) }
    #else
    private static var currentThread: UInt { UInt(bitPattern: pthread_self()) }
    #endif
}

/// Whether anything exists at `path` (file scope: inside ``StateStore`` `access` names its method).
private func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }
