import AlertLog
import FeedPipeline
import FeedState
import FeedwatchConfig
import Foundation
import PostgresState
import Testing
import TestSupport

/// A cluster node's start-up: lines recorded in the state but not yet known to be in its log are
/// written, except those a crash left in the log after writing and before emptying the queue.
struct ClusterRecordingTests {
    @Test func startWritesQueuedLinesTheLogLacksAndNoneTwice() throws {
        let directory = try TemporaryDirectory(prefix: "cluster-recording-test")
        let logPath = directory.path + "/alerts.jsonl"
        let url = try PostgresServer.shared().database("recovery")
        let state = try PostgresStore.open(url: url, location: url, node: "n1")
        let log = try AlertLogWriter(path: logPath, fsync: .never)
        let lines = (1...4).map { LogRecoveryTests.line($0) }
        try state.transaction { transaction in
            try transaction.enqueue(node: "n1", lines: lines.enumerated().map {
                OutboxLine(alertID: LogRecoveryTests.id($0.offset + 1), line: String(decoding: $0.element, as: UTF8.self))
            })
        }
        // The previous run wrote the first two, then died before emptying its queue.
        try log.append(Array(lines.prefix(2)))
        // It also held a lease, which nobody else can claim until it is freed.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(try state.claim(["https://held.example/rss"], node: "n1", now: now, leaseMillis: 600_000, limit: 1).count == 1)

        let recording = ClusterRecording(settings: ClusterSettings(node: "n1"), feeds: [], watchlistFingerprint: "w")
        #expect(try recording.recover(logPath: logPath, log: log, state: state) == 2)
        let written = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").map { Array($0.utf8) + [0x0A] }
        #expect(written == lines)
        #expect(try state.outbox(node: "n1").isEmpty)
        // The lease is free again, and a second start writes nothing.
        #expect(try state.claim(["https://held.example/rss"], node: "n2", now: now, leaseMillis: 600_000, limit: 1).count == 1)
        #expect(try recording.recover(logPath: logPath, log: log, state: state) == 0)
        #expect(try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").count == 4)
    }
}
