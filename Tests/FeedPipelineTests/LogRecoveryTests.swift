import AlertLog
import FeedPipeline
import FeedState
import Foundation
import Testing
import TestSupport

/// Start-up reconciliation of the alert log with the state: with a checkpoint only the lines
/// after it are read; a log rotated or truncated and rewritten since is read from its tail as
/// before, so no unrecorded line is ever missed.
struct LogRecoveryTests {
    let directory: TemporaryDirectory
    let logPath: String
    let state: StateStore
    let log: AlertLogWriter
    static let feed = "https://news.example/rss"

    init() throws {
        directory = try TemporaryDirectory(prefix: "log-recovery-test")
        logPath = directory.path + "/alerts.jsonl"
        state = try StateStore.open(path: directory.path + "/state.sqlite")
        log = try AlertLogWriter(path: logPath, fsync: .never)
    }

    static func id(_ number: Int) -> String { String(repeating: "0", count: 26) + String(format: "%06x", number) }

    static func line(_ number: Int) -> [UInt8] {
        AlertLine.encode(Alert(
            id: id(number), detected: 1_700_000_000_000 + Int64(number),
            feed: Alert.FeedInfo(url: feed, title: nil, tags: []),
            item: Alert.ItemInfo(key: "item-\(number)", guid: nil, link: nil, title: "Item \(number)", published: nil, authors: []),
            update: false,
            actors: [Alert.ActorInfo(id: "hamas", name: "Hamas", kind: "group", tags: [],
                                     mentions: [Alert.Mention(alias: "Hamas", text: "Hamas", field: "title", offset: 0, context: "Hamas")])]))
    }

    /// Writes the lines and records them with a checkpoint, as a pass's commit does.
    func commit(_ numbers: Range<Int>) throws {
        let lines = numbers.map(Self.line)
        let end = try #require(try log.append(lines))
        try state.transaction { transaction in
            for number in numbers {
                try transaction.markAlerted(AlertRecord(itemKey: "item-\(number)", alertID: Self.id(number),
                                                        actorIDs: ["hamas"], at: 1), feed: Self.feed)
            }
            try transaction.saveLogCheckpoint(LogCheckpoint(device: end.device, inode: end.inode, size: end.size,
                                                            lastLine: String(decoding: lines[lines.count - 1], as: UTF8.self)))
        }
    }

    func isRecorded(_ number: Int) throws -> Bool { try state.isAlerted(alertID: Self.id(number)) }

    @Test func onlyLinesAfterTheCheckpointAreRead() throws {
        try log.append([Self.line(0)])  // written, never recorded, before the checkpoint: not looked at
        try commit(1..<4)
        try log.append([Self.line(4), Self.line(5)])  // the crash came before their commit
        #expect(try LogRecovery.reconcile(logPath: logPath, state: state) == 2)
        #expect(try isRecorded(4) && isRecorded(5))
        #expect(try !isRecorded(0))
        #expect(try LogRecovery.reconcile(logPath: logPath, state: state) == 0)
    }

    @Test func withoutACheckpointTheTailIsRead() throws {
        try log.append([Self.line(0)])
        try log.append([Self.line(1)])
        #expect(try state.logCheckpoint() == nil)
        #expect(try LogRecovery.reconcile(logPath: logPath, state: state) == 2)
    }

    /// logrotate's copytruncate: same file, emptied, then written again past the old size.
    @Test func truncatedAndRewrittenLogIsReadFromItsTail() throws {
        try commit(0..<3)
        let checkpoint = try #require(try state.logCheckpoint())
        let truncated = open(logPath, O_WRONLY)
        #expect(ftruncate(truncated, 0) == 0)
        close(truncated)
        try log.append((10..<15).map(Self.line))
        #expect(Int64(try FileManager.default.attributesOfItem(atPath: logPath)[.size] as? Int ?? 0) > checkpoint.size)
        #expect(try LogRecovery.reconcile(logPath: logPath, state: state) == 5)
        #expect(try (10..<15).allSatisfy(isRecorded))
    }

    /// logrotate's create: the old file renamed, a new one (another inode) at the path.
    @Test func rotatedLogIsReadFromItsTail() throws {
        try commit(0..<3)
        #expect(rename(logPath, logPath + ".1") == 0)
        try log.append((20..<22).map(Self.line))  // the writer notices the rename and reopens
        #expect(try LogRecovery.reconcile(logPath: logPath, state: state) == 2)
        #expect(try isRecorded(20) && isRecorded(21))
    }

    /// After reading a tail (the checkpoint named another file), its end becomes the checkpoint:
    /// the next start reads only what follows, not the last 32 MiB again.
    @Test func aTailOnceReadBecomesTheCheckpoint() throws {
        try commit(0..<3)
        #expect(rename(logPath, logPath + ".1") == 0)
        try log.append((20..<23).map(Self.line))
        #expect(try LogRecovery.reconcile(logPath: logPath, state: state) == 3)
        var info = stat()
        #expect(stat(logPath, &info) == 0)
        let checkpoint = try #require(try state.logCheckpoint())
        #expect(checkpoint.inode == UInt64(info.st_ino) && checkpoint.size == Int64(info.st_size))
        #expect(checkpoint.lastLine == String(decoding: Self.line(22), as: UTF8.self))
        try log.append([Self.line(23)])  // written, then the crash
        #expect(try LogRecovery.reconcile(logPath: logPath, state: state) == 1)
        #expect(try isRecorded(23))
        #expect(try LogRecovery.reconcile(logPath: logPath, state: state) == 0)
    }

    /// A tail ending in a torn line is reconciled, but its end is not a line's end: no checkpoint.
    @Test func aTornTailLeavesTheCheckpointAlone() throws {
        try log.append([Self.line(0)])
        let handle = try #require(FileHandle(forWritingAtPath: logPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(Self.line(1).dropLast(10)))
        try handle.close()
        #expect(try LogRecovery.reconcile(logPath: logPath, state: state) == 1)
        #expect(try state.logCheckpoint() == nil)
    }

    @Test func missingLogHasNothingToRecover() throws {
        try commit(0..<2)
        try FileManager.default.removeItem(atPath: logPath)
        #expect(try LogRecovery.reconcile(logPath: logPath, state: state) == 0)
    }
}
