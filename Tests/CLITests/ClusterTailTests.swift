import FeedState
import Foundation
import PostgresState
import Testing
import TestSupport

/// `feedwatch tail --cluster` against a real PostgreSQL: the latest lines of every node, then new
/// ones as nodes commit them — a transaction that commits late included, never a line twice.
struct ClusterTailTests {
    static func line(_ name: String) -> String {
        #"{"v":1,"id":"\#(name)","detected":"2026-12-07T00:00:00Z","feed":{"url":"https://x.example/rss","tags":[]},"item":{"key":"\#(name)","title":"\#(name)","authors":[]},"update":false,"actors":[]}"# + "\n"
    }

    func enqueue(_ store: StateStore, node: String, _ names: [String]) throws {
        try store.transaction { transaction in
            try transaction.enqueue(node: node, lines: names.map { OutboxLine(alertID: $0, line: Self.line($0)) })
        }
    }

    @Test func followsEveryNodesLinesIncludingALateCommit() async throws {
        let url = try PostgresServer.shared().database("tail")
        let a = try PostgresStore.open(url: url, location: url, node: "a")
        let b = try PostgresStore.open(url: url, location: url, node: "b")
        // A transaction left running (another program's, on this server) keeps the horizon below
        // every line written after it: -n must still show exactly the latest two, once.
        let blocker = try ChildProcess("/usr/bin/psql", ["-X", "-q", "-d", url, "-c",
                                                         "BEGIN; SELECT pg_current_xact_id(); SELECT pg_sleep(4); COMMIT;"])
        try await Task.sleep(for: .milliseconds(500))
        try enqueue(a, node: "a", ["old1", "old2"])
        try enqueue(b, node: "b", ["old3"])
        let dir = try TemporaryDirectory()
        let config = try dir.write("feedwatch.yaml", "state: \(url)\ncluster: {node: reader}\nfeeds: []\n")
        let tail = try ChildProcess(Products.feedwatch, ["tail", "--cluster", "-f", "-n", "2", "--json", "--config", config])
        defer { tail.signal(SIGTERM) }
        #expect(await tail.waitFor { $0.contains("old3") })
        func ids() -> [String] {
            tail.stdout.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
            }
        }
        #expect(ids() == ["old2", "old3"])
        #expect(await blocker.waitForExit() == 0)

        // a's transaction is still open when b commits: b's line waits for it, then both come, in order.
        try a.transaction { transaction in
            try transaction.enqueue(node: "a", lines: [OutboxLine(alertID: "late", line: Self.line("late"))])
            try enqueue(b, node: "b", ["early"])
            Thread.sleep(forTimeInterval: 1.5)
            #expect(!tail.stdout.contains("early"), "a line above a running transaction is held back")
        }
        #expect(await tail.waitFor { $0.contains("early") })
        try enqueue(b, node: "b", ["last"])
        #expect(await tail.waitFor { $0.contains("last") })
        try await Task.sleep(for: .milliseconds(1500))
        #expect(ids() == ["old2", "old3", "late", "early", "last"])
    }

    @Test func refusesAFileState() throws {
        let dir = try TemporaryDirectory()
        let config = try dir.write("feedwatch.yaml", "state: state.sqlite\nfeeds: []\n")
        let result = try runProcess(Products.feedwatch, ["tail", "--cluster", "--config", config])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--cluster needs a PostgreSQL state"))
    }
}
