import AlertLog
import FeedState
import FeedwatchConfig
import Foundation
import Synchronization

/// One node of a cluster sharing a PostgreSQL state (docs/cluster.md).
///
/// - **Claims**: a pass fetches only the due feeds it claims, each under a lease (owner, expiry,
///   epoch) that a background task renews every third of the lease while the process runs. A
///   node that dies or stops renews nothing, and its feeds are claimable when its leases expire.
/// - **State first**: a commit records a feed's results only if the node still holds the lease
///   it claimed, with the row locked for the rest of the transaction, and queues the alert lines
///   in the node's outbox in the same transaction; then writes the outbox to the node's log and
///   empties it. A node that lost a lease (stopped, cut off) records and writes nothing for that
///   feed, and another node's claim can only follow the commit, so each (item, actor) pair is
///   recorded by one node and written to that node's log once: at start, lines still queued are
///   written unless the log's tail already holds them (the crash came between writing and emptying).
public final class ClusterRecording: PassRecording {
    public let node: String
    public let lease: Duration
    private let heartbeat: Mutex<NodeHeartbeat>
    private let renewal = Mutex<Task<Void, Never>?>(nil)
    /// One flush at a time: two passes of the daemon committing at once must not both write the
    /// lines they both read from the outbox.
    private let flushing = Mutex<Void>(())

    public init(settings: ClusterSettings, feeds: [FeedSource], watchlistFingerprint: String) {
        node = settings.node
        lease = settings.lease
        heartbeat = Mutex(NodeHeartbeat(node: settings.node, pid: Int(getpid()), version: FeedwatchVersion.current,
                                        feeds: Self.fingerprint(feeds), watchlist: watchlistFingerprint))
    }

    deinit { renewal.withLock { $0?.cancel() } }

    private var leaseMillis: Int64 { lease.components.seconds * 1000 + lease.components.attoseconds / 1_000_000_000_000_000 }

    /// Starts renewing this node's leases and heartbeat, every third of the lease, until released.
    /// A failed renewal is reported to `failed` (the daemon stops: a node that cannot reach the
    /// state must not go on fetching what it may no longer own).
    ///
    /// `notice` hears when this node starts or stops running another feed list or watchlist than
    /// most live nodes (a rolling change in progress, or a node that was missed).
    public func startRenewing(state: StateStore, failed: @escaping @Sendable (StateError) -> Void,
                              notice: @escaping @Sendable (String) -> Void) {
        let period = lease / 3, node = self.node, millis = leaseMillis
        let task = Task { [weak self] in
            var reported: [String] = []
            while !Task.isCancelled, let beat = self?.heartbeat.withLock({ $0 }) {
                do throws(StateError) {
                    try state.renew(node: node, leaseMillis: millis, heartbeat: beat)
                    let nodes = try state.nodes()
                    if let me = nodes.first(where: { $0.node == node }) {
                        let differences = nodes.disagreements(of: me, now: me.at)
                        if differences != reported {
                            notice(differences.isEmpty ? "cluster node \(node) now runs what the other nodes run"
                                   : "cluster node \(node): " + differences.joined(separator: "; "))
                            reported = differences
                        }
                    }
                } catch {
                    failed(error)
                }
                try? await Task.sleep(for: period)
            }
        }
        renewal.withLock { $0?.cancel(); $0 = task }
    }

    /// After a reload: what this node now runs, for the other nodes and `status` to compare.
    public func update(feeds: [FeedSource], watchlistFingerprint: String) {
        heartbeat.withLock {
            $0.feeds = Self.fingerprint(feeds)
            $0.watchlist = watchlistFingerprint
        }
    }

    /// Sorted feed URLs, hashed: equal on nodes that run the same feed list in any order.
    static func fingerprint(_ feeds: [FeedSource]) -> String {
        StableHash.hex(feeds.map(\.url).sorted())
    }

    public func claim(_ due: [FeedSource], state: StateStore, window: Int, perHost: Int) throws
        -> (feeds: [FeedSource], epochs: [String: Int64]) {
        guard !due.isEmpty else { return ([], [:]) }
        // A window's worth at a time, so the nodes share the work instead of the first taking all.
        let epochs = try state.claim(due.map(\.url), node: node, now: Int64(Date().timeIntervalSince1970 * 1000),
                                     leaseMillis: leaseMillis, limit: max(1, window), perHost: perHost)
        return (due.filter { epochs[$0.url] != nil }, epochs)
    }

    public func commit(_ pending: inout [PendingFeed], context: CommitContext, summary: inout PassSummary) throws {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        let entries = pending, node = self.node
        let lost = try context.state.transaction { transaction -> Int in
            var lost = 0
            for entry in entries {
                guard let epoch = entry.epoch,
                      try transaction.holdsLease(url: entry.record.url, node: node, epoch: epoch) else {
                    lost += 1
                    continue
                }
                if let seen = entry.seen {
                    let alerts = entry.alerts.map {
                        AlertRecord(itemKey: $0.itemKey, alertID: $0.alert.id, actorIDs: $0.alert.actors.map(\.id),
                                    at: entry.seenAt)
                    }
                    try transaction.record(ItemBatch(feed: entry.record, seenAt: entry.seenAt, items: seen, alerts: alerts))
                    try transaction.enqueue(node: node, lines: zip(entry.alerts, entry.lines).map {
                        OutboxLine(alertID: $0.0.alert.id, line: String(decoding: $0.1, as: UTF8.self))
                    })
                } else {
                    try transaction.saveFeed(entry.record)
                }
                try transaction.release(url: entry.record.url, node: node, epoch: epoch)
            }
            return lost
        }
        summary.leasesLost += lost
        try flush(context: context, summary: &summary)
    }

    /// Writes the node's queued lines to its log, then drops them from the queue. Lines that
    /// could not be written (disk full) stay queued for the next commit.
    func flush(context: CommitContext, summary: inout PassSummary) throws {
        try flushing.withLock { _ throws in try flushLocked(context: context, summary: &summary) }
    }

    private func flushLocked(context: CommitContext, summary: inout PassSummary) throws {
        let queued = try context.state.outbox(node: node)
        guard !queued.isEmpty else { return }
        var written = queued.count
        do {
            try context.log.append(queued.map { Array($0.line.utf8) })
        } catch {
            written = error.written
            summary.alertLogError = error.description
        }
        if written > 0 { try context.state.dequeue(node: node, through: queued[written - 1].sequence) }
        summary.alertsWritten += written
        summary.alertsDeferred += queued.count - written
        context.metrics.logged(written: written, mentions: 0, deferred: queued.count - written, failed: written < queued.count)
    }

    public func recover(logPath: String, log: AlertLogWriter, state: StateStore) throws -> Int {
        try flushing.withLock { _ throws in try recoverLocked(logPath: logPath, log: log, state: state) }
    }

    private func recoverLocked(logPath: String, log: AlertLogWriter, state: StateStore) throws -> Int {
        // Whatever this node's previous run had claimed is free again (it cannot commit now).
        try state.releaseAll(node: node)
        let queued = try state.outbox(node: node)
        guard let last = queued.last else { return 0 }
        // Lines written before a crash emptied the queue are at the log's end: not again.
        let logged = Set(try AlertLogReader.tailLines(path: logPath, maxBytes: LogRecovery.window).compactMap(LogRecovery.quickID))
        let missing = queued.filter { !logged.contains($0.alertID) }
        if !missing.isEmpty { try log.append(missing.map { Array($0.line.utf8) }) }
        try state.dequeue(node: node, through: last.sequence)
        return missing.count
    }
}
