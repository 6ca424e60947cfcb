/// The operations available inside ``StateStore/transaction(_:)``; all of them land in the same
/// database transaction, so a pipeline can, for instance, mark several recovered alerts and save
/// several feeds atomically.
///
/// Valid only while the closure runs: afterwards every call throws, so a transaction kept by
/// mistake can never write outside the lock.
public final class StateTransaction {
    private let connection: any StateDatabase
    private var isOpen = true

    init(_ connection: any StateDatabase) {
        self.connection = connection
    }

    func close() { isOpen = false }

    func perform<T>(_ what: String, _ body: (any StateDatabase) throws(StateError) -> T) throws(StateError) -> T {
        guard isOpen else {
            throw StateError(code: .other, path: connection.location, context: what,
                             message: "transaction used after it ended")
        }
        do { return try body(connection) } catch { throw error.during(what) }
    }

    /// See ``StateStore/feed(_:)``; sees this transaction's own earlier writes.
    public func feed(_ url: String) throws(StateError) -> FeedRecord? {
        try perform("reading feed \(url)") { (db) throws(StateError) in try db.feed(url) }
    }

    /// See ``StateStore/saveFeed(_:)``.
    public func saveFeed(_ record: FeedRecord) throws(StateError) {
        try perform("saving feed \(record.url)") { (db) throws(StateError) in try db.saveFeed(record) }
    }

    /// See ``StateStore/items(feed:keys:)``.
    public func items(feed: String, keys: [String]) throws(StateError) -> [String: ItemRecord] {
        try perform("reading items of \(feed)") { (db) throws(StateError) in try db.items(feed: feed, keys: keys) }
    }

    /// See ``StateStore/record(_:)``.
    public func record(_ batch: ItemBatch) throws(StateError) {
        try perform("recording items of \(batch.feed.url)") { (db) throws(StateError) in try db.record(batch) }
    }

    /// See ``StateStore/isAlerted(alertID:)``.
    public func isAlerted(alertID: String) throws(StateError) -> Bool {
        try perform("looking up alert \(alertID)") { (db) throws(StateError) in try db.isAlerted(alertID) }
    }

    /// See ``StateStore/markAlerted(_:feed:)``.
    @discardableResult
    public func markAlerted(_ alert: AlertRecord, feed: String) throws(StateError) -> Bool {
        try perform("recording alert \(alert.alertID)") { (db) throws(StateError) in try db.markAlerted(feed: feed, alert) }
    }

    /// Records where the alert log ends now that every line in it is recorded.
    public func saveLogCheckpoint(_ checkpoint: LogCheckpoint) throws(StateError) {
        try perform("saving the alert log checkpoint") { (db) throws(StateError) in try db.saveLogCheckpoint(checkpoint) }
    }
}

@available(*, unavailable, message: "a transaction belongs to the closure it was handed to")
extension StateTransaction: Sendable {}
