import FeedState
import Foundation
import PostgresState
import Testing
import TestSupport

/// Cluster mode's state operations on a real PostgreSQL, with two nodes' stores side by side.
struct ClusterStateTests {
    let urls = (0..<6).map { "https://feed\($0).example/rss" }
    let beat = { (node: String) in NodeHeartbeat(node: node, pid: 1, version: "test", feeds: "f", watchlist: "w") }

    @Test func aFeedIsClaimedByOneNodeAndTakenOverOnlyAfterItsLeaseExpires() throws {
        let url = try PostgresServer.shared().database("claims")
        let a = try PostgresStore.open(url: url, location: url, node: "a")
        let b = try PostgresStore.open(url: url, location: url, node: "b")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let first = try a.claim(urls, node: "a", now: now, leaseMillis: 3_000, limit: 4)
        #expect(first.count == 4)
        let second = try b.claim(urls, node: "b", now: now, leaseMillis: 60_000, limit: 10)
        #expect(Set(second.keys) == Set(urls).subtracting(first.keys))
        #expect(try b.claim(urls, node: "b", now: now, leaseMillis: 60_000, limit: 10).isEmpty)

        // a's leases expire (it stopped renewing); b takes them over with a new epoch.
        Thread.sleep(forTimeInterval: 3.2)
        let taken = try b.claim(urls, node: "b", now: now, leaseMillis: 60_000, limit: 10)
        #expect(Set(taken.keys) == Set(first.keys))
        for (feed, epoch) in taken { #expect(epoch == (first[feed] ?? 0) + 1) }

        // a wakes up: its commit finds the lease gone and records nothing.
        let (stale, staleEpoch) = try #require(first.first)
        let held = try a.transaction { try $0.holdsLease(url: stale, node: "a", epoch: staleEpoch) }
        #expect(!held)
        let current = try b.transaction { try $0.holdsLease(url: stale, node: "b", epoch: taken[stale] ?? -1) }
        #expect(current)
    }

    @Test func renewalKeepsLeasesAndReleaseFreesTheFeed() throws {
        let url = try PostgresServer.shared().database("renew")
        let a = try PostgresStore.open(url: url, location: url, node: "a")
        let b = try PostgresStore.open(url: url, location: url, node: "b")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        // Generous times, so a loaded machine cannot let the lease lapse before the renewal.
        let claimed = try a.claim([urls[0], urls[1]], node: "a", now: now, leaseMillis: 4_000, limit: 10)
        #expect(claimed.count == 2)
        // Renewed past the first expiry: still a's.
        Thread.sleep(forTimeInterval: 1)
        #expect(try a.renew(node: "a", leaseMillis: 4_000, heartbeat: beat("a")) == 2)
        Thread.sleep(forTimeInterval: 3.5)
        #expect(try b.claim([urls[0], urls[1]], node: "b", now: now, leaseMillis: 800, limit: 10).isEmpty)
        // Released with its results (next due later): not due, so nobody claims it now.
        try a.transaction { transaction in
            try transaction.saveFeed(FeedRecord(url: urls[0], nextDue: now + 3_600_000))
            try transaction.release(url: urls[0], node: "a", epoch: claimed[urls[0]] ?? -1)
        }
        #expect(try b.claim([urls[0]], node: "b", now: now, leaseMillis: 800, limit: 10).isEmpty)
        #expect(try b.claim([urls[0]], node: "b", now: now + 3_600_000, leaseMillis: 800, limit: 10).count == 1)
        #expect(try a.nodes().map(\.node) == ["a"])
    }

    @Test func theOutboxKeepsLinesInOrderPerNodeUntilDequeued() throws {
        let url = try PostgresServer.shared().database("outbox")
        let a = try PostgresStore.open(url: url, location: url, node: "a")
        let b = try PostgresStore.open(url: url, location: url, node: "b")
        try a.transaction { try $0.enqueue(node: "a", lines: (0..<3).map { OutboxLine(alertID: "id\($0)", line: "{\"n\":\($0)}\n") }) }
        try b.transaction { try $0.enqueue(node: "b", lines: [OutboxLine(alertID: "other", line: "{}\n")]) }
        let queued = try a.outbox(node: "a")
        #expect(queued.map(\.alertID) == ["id0", "id1", "id2"])
        #expect(queued.map(\.line) == ["{\"n\":0}\n", "{\"n\":1}\n", "{\"n\":2}\n"])
        try a.dequeue(node: "a", through: queued[1].sequence)
        #expect(try a.outbox(node: "a").map(\.alertID) == ["id2"])
        #expect(try b.outbox(node: "b").map(\.alertID) == ["other"])
        // A rolled-back transaction queues nothing.
        #expect(throws: Abort.self) {
            try a.transaction { transaction in
                try transaction.enqueue(node: "a", lines: [OutboxLine(alertID: "lost", line: "{}\n")])
                throw Abort()
            }
        }
        #expect(try a.outbox(node: "a").map(\.alertID) == ["id2"])
    }

    @Test func nodesShareTheDatabaseButNotANameAndNeverWithASingleWriter() throws {
        let url = try PostgresServer.shared().database("locks")
        var a: StateStore? = try PostgresStore.open(url: url, location: url, node: "a")
        let twin = #expect(throws: StateError.self) { try PostgresStore.open(url: url, location: url, node: "a") }
        #expect(twin?.description.contains("another process is already running as cluster node 'a'") == true)
        let single = #expect(throws: StateError.self) { try PostgresStore.open(url: url, location: url) }
        #expect(single?.code == .busy)
        a = nil
        #expect(a == nil)
        let alone = try PostgresStore.open(url: url, location: url)
        let joining = #expect(throws: StateError.self) { try PostgresStore.open(url: url, location: url, node: "b") }
        #expect(joining?.description.contains("a single-node feedwatch is writing this database") == true)
        _ = alone
    }
}

extension ClusterStateTests {
    @Test func aHostSeesAtMostPerHostLeasesAcrossTheCluster() throws {
        let url = try PostgresServer.shared().database("perhost")
        let a = try PostgresStore.open(url: url, location: url, node: "a")
        let b = try PostgresStore.open(url: url, location: url, node: "b")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let busy = (0..<5).map { "https://Busy.example/feed\($0)" }, other = ["https://other.example:8443/rss"]
        let first = try a.claim(busy + other, node: "a", now: now, leaseMillis: 60_000, limit: 10, perHost: 2)
        #expect(first.keys.filter { $0.contains("Busy") }.count == 2)
        #expect(first[other[0]] != nil)
        // The other node sees a's two leases on the host: nothing more there for it.
        #expect(try b.claim(busy, node: "b", now: now, leaseMillis: 60_000, limit: 10, perHost: 2).isEmpty)
        // One released: exactly one more may start, on whichever node asks.
        let (done, epoch) = try #require(first.first { $0.key.contains("Busy") })
        try a.transaction { try $0.release(url: done, node: "a", epoch: epoch) }
        try a.saveFeed(FeedRecord(url: done, nextDue: now + 3_600_000))
        #expect(try b.claim(busy, node: "b", now: now, leaseMillis: 60_000, limit: 10, perHost: 2).count == 1)
        #expect(try a.claim(busy, node: "a", now: now, leaseMillis: 60_000, limit: 10, perHost: 2).isEmpty)
    }
}
