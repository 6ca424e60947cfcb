/// What cluster mode needs of the state beyond ``StateDatabase`` (docs/cluster.md): leases on
/// feeds, each node's alert outbox, and heartbeats. Only an engine several processes on several
/// hosts can share implements it (PostgreSQL); a config asking for a cluster on SQLite is refused
/// before any of this is reached.
///
/// Lease times are the database server's clock, so nodes with skewed clocks agree on expiry.
public protocol ClusterDatabase: StateDatabase {
    /// Claims up to `limit` of `urls` that are due at `now` (the node's clock, as it scheduled
    /// them) and leased by nobody (or by a lease that expired), most overdue first, leaving any
    /// host with at most `perHost` valid leases in the whole cluster (politeness across nodes);
    /// returns each claimed URL with its new epoch. Feeds without a row get one first.
    func claim(_ urls: [String], node: String, now: UnixMillis, leaseMillis: Int64, limit: Int, perHost: Int)
        throws(StateError) -> [String: Int64]
    /// Extends every unexpired lease `node` holds and records its heartbeat; returns the leases extended.
    func renew(node: String, leaseMillis: Int64, heartbeat: NodeHeartbeat) throws(StateError) -> Int
    /// Inside a transaction: whether `node` still holds the lease it claimed at `epoch`, locking
    /// the feed's row so no claim can slip in before the transaction ends.
    func holdsLease(url: String, node: String, epoch: Int64) throws(StateError) -> Bool
    /// Ends the lease (the feed's results are recorded in the same transaction).
    func release(url: String, node: String, epoch: Int64) throws(StateError)
    /// At a node's start: ends every lease held under its name. Only one process runs as a node
    /// at a time, so these are a dead predecessor's, which its successor would otherwise keep
    /// alive by renewing them, and which nobody else could claim until they expired.
    func releaseAll(node: String) throws(StateError) -> Int
    /// Queues alert lines for `node`'s log in the transaction that records their pairs.
    func enqueue(node: String, lines: [OutboxLine]) throws(StateError)
    /// `node`'s queued lines, oldest first.
    func outbox(node: String) throws(StateError) -> [OutboxLine]
    /// Drops `node`'s queued lines up to and including `sequence` (they are in its log).
    func dequeue(node: String, through sequence: Int64) throws(StateError)
    /// Every node's last heartbeat, for `status`.
    func nodes() throws(StateError) -> [NodeHeartbeat]

    // MARK: Following the cluster's alerts (`feedwatch tail --cluster`)
    /// The oldest transaction still running: every alert line written below it is final.
    func alertHorizon() throws(StateError) -> UInt64
    /// Alert lines written by transactions in `from ..< below`, in the order they were queued.
    func alertLines(from: UInt64, below: UInt64) throws(StateError) -> [(sequence: Int64, line: String)]
    /// In one snapshot: the latest `count` lines that `matching` accepts (oldest first), the
    /// horizon, and the lines at or above it already visible, which a follower starting at that
    /// horizon must skip (they are older than what it was asked to show, or shown already).
    func latestAlertLines(_ count: Int, matching: (String) -> Bool) throws(StateError)
        -> (lines: [String], horizon: UInt64, visible: Set<Int64>)
    /// Waits up to `timeout` for a node to announce new alert lines; true when one did.
    func waitForAlerts(timeout: Duration) throws(StateError) -> Bool
}

/// An alert line waiting in a node's outbox: recorded in the state, not yet in the node's log.
public struct OutboxLine: Sendable, Hashable {
    /// Order of queueing (0 until queued).
    public var sequence: Int64
    public var alertID: String
    public var line: String

    public init(sequence: Int64 = 0, alertID: String, line: String) {
        self.sequence = sequence
        self.alertID = alertID
        self.line = line
    }
}

/// A node's row in the cluster: who it is, when it last renewed, and what it runs, so nodes
/// whose config or watchlist disagree with the others' can be told apart.
public struct NodeHeartbeat: Sendable, Hashable {
    public var node: String
    public var pid: Int
    public var version: String
    /// Fingerprints of the feed list and the watchlist the node runs.
    public var feeds: String
    public var watchlist: String
    /// Server time of the last heartbeat (set by the database; ignored when sending).
    public var at: UnixMillis

    public init(node: String, pid: Int, version: String, feeds: String, watchlist: String, at: UnixMillis = 0) {
        self.node = node
        self.pid = pid
        self.version = version
        self.feeds = feeds
        self.watchlist = watchlist
        self.at = at
    }
}

extension [NodeHeartbeat] {
    /// A node whose heartbeat is older than this (ms) is silent: left out of comparisons.
    public static var silentAfter: Int64 { 5 * 60_000 }

    /// How `node` differs from what most live nodes run: its feed list, its watchlist, or both.
    /// During a rolling change this is expected for a while; after it, a node was missed.
    public func disagreements(of node: NodeHeartbeat, now: UnixMillis) -> [String] {
        let live = filter { now - $0.at < Self.silentAfter }
        func majority(_ key: (NodeHeartbeat) -> String) -> String? {
            Dictionary(grouping: live, by: key)
                .max { $0.value.count < $1.value.count || ($0.value.count == $1.value.count && $0.key > $1.key) }?.key
        }
        var notes: [String] = []
        if let feeds = majority(\.feeds), node.feeds != feeds { notes.append("its feed list differs from the other nodes'") }
        if let watchlist = majority(\.watchlist), node.watchlist != watchlist {
            notes.append("its watchlist differs from the other nodes'")
        }
        return notes
    }
}
