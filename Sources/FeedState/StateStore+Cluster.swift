/// Cluster mode through the store (docs/cluster.md): the same lock and error context as every
/// other state call. A store whose engine cannot be shared by nodes answers each with an error.
extension StateStore {
    /// See ``ClusterDatabase/claim(_:node:now:leaseMillis:limit:perHost:)``.
    public func claim(_ urls: [String], node: String, now: UnixMillis, leaseMillis: Int64, limit: Int,
                      perHost: Int = .max) throws(StateError) -> [String: Int64] {
        try access("claiming feeds", write: true) { (db) throws(StateError) in
            try Self.cluster(db).claim(urls, node: node, now: now, leaseMillis: leaseMillis, limit: limit, perHost: perHost)
        }
    }

    /// See ``ClusterDatabase/renew(node:leaseMillis:heartbeat:)``.
    @discardableResult
    public func renew(node: String, leaseMillis: Int64, heartbeat: NodeHeartbeat) throws(StateError) -> Int {
        try access("renewing leases", write: true) { (db) throws(StateError) in
            try Self.cluster(db).renew(node: node, leaseMillis: leaseMillis, heartbeat: heartbeat)
        }
    }

    /// See ``ClusterDatabase/releaseAll(node:)``.
    @discardableResult
    public func releaseAll(node: String) throws(StateError) -> Int {
        try access("releasing a previous run's leases", write: true) { (db) throws(StateError) in
            try Self.cluster(db).releaseAll(node: node)
        }
    }

    /// See ``ClusterDatabase/outbox(node:)``.
    public func outbox(node: String) throws(StateError) -> [OutboxLine] {
        try access("reading the alert outbox", write: false) { (db) throws(StateError) in try Self.cluster(db).outbox(node: node) }
    }

    /// See ``ClusterDatabase/dequeue(node:through:)``.
    public func dequeue(node: String, through sequence: Int64) throws(StateError) {
        try access("emptying the alert outbox", write: true) { (db) throws(StateError) in
            try Self.cluster(db).dequeue(node: node, through: sequence)
        }
    }

    /// See ``ClusterDatabase/nodes()``; none for an engine no cluster can use.
    public func nodes() throws(StateError) -> [NodeHeartbeat] {
        try access("reading the cluster's nodes", write: false) { (db) throws(StateError) in
            try (db as? any ClusterDatabase)?.nodes() ?? []
        }
    }

    /// See ``ClusterDatabase/alertHorizon()``.
    public func alertHorizon() throws(StateError) -> UInt64 {
        try access("reading the alert horizon", write: false) { (db) throws(StateError) in try Self.cluster(db).alertHorizon() }
    }

    /// See ``ClusterDatabase/alertLines(from:below:)``.
    public func alertLines(from: UInt64, below: UInt64) throws(StateError) -> [(sequence: Int64, line: String)] {
        try access("reading alert lines", write: false) { (db) throws(StateError) in
            try Self.cluster(db).alertLines(from: from, below: below)
        }
    }

    /// See ``ClusterDatabase/latestAlertLines(_:matching:)``.
    public func latestAlertLines(_ count: Int, matching: (String) -> Bool) throws(StateError)
        -> (lines: [String], horizon: UInt64, visible: Set<Int64>) {
        try access("reading alert lines", write: false) { (db) throws(StateError) in
            try Self.cluster(db).latestAlertLines(count, matching: matching)
        }
    }

    /// See ``ClusterDatabase/waitForAlerts(timeout:)``.
    public func waitForAlerts(timeout: Duration) throws(StateError) -> Bool {
        try access("waiting for alerts", write: false) { (db) throws(StateError) in try Self.cluster(db).waitForAlerts(timeout: timeout) }
    }

    static func cluster(_ db: any StateDatabase) throws(StateError) -> any ClusterDatabase {
        guard let cluster = db as? any ClusterDatabase else {
            throw StateError(code: .other, path: db.location, message: "cluster mode needs a PostgreSQL state")
        }
        return cluster
    }
}

extension StateTransaction {
    /// See ``ClusterDatabase/holdsLease(url:node:epoch:)``.
    public func holdsLease(url: String, node: String, epoch: Int64) throws(StateError) -> Bool {
        try perform("checking the lease of \(url)") { (db) throws(StateError) in
            try StateStore.cluster(db).holdsLease(url: url, node: node, epoch: epoch)
        }
    }

    /// See ``ClusterDatabase/release(url:node:epoch:)``.
    public func release(url: String, node: String, epoch: Int64) throws(StateError) {
        try perform("releasing the lease of \(url)") { (db) throws(StateError) in
            try StateStore.cluster(db).release(url: url, node: node, epoch: epoch)
        }
    }

    /// See ``ClusterDatabase/enqueue(node:lines:)``.
    public func enqueue(node: String, lines: [OutboxLine]) throws(StateError) {
        try perform("queueing alert lines") { (db) throws(StateError) in try StateStore.cluster(db).enqueue(node: node, lines: lines) }
    }
}
