import AlertLog
import Foundation
import Synchronization
import Testing
import TestSupport

private func line(_ n: Int) -> [UInt8] { Array("{\"n\":\(n)}\n".utf8) }

private func numbers(in lines: [ArraySlice<UInt8>]) -> [Int] {
    lines.compactMap { Int(String(decoding: $0, as: UTF8.self).dropFirst(5).dropLast()) }
}

struct AlertLogWriterTests {
    @Test func appendsWholeLinesWithMode0640() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/alerts.jsonl"
        let writer = try AlertLogWriter(path: path)
        try writer.append([line(1), line(2)])
        try writer.append([line(3)])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n")
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o640 & ~0o022 || mode & 0o777 == 0o640)
    }

    @Test func missingFolderIsAClearError() {
        #expect(throws: AlertLogError.self) { try AlertLogWriter(path: "/nonexistent/dir/alerts.jsonl") }
        do {
            _ = try AlertLogWriter(path: "/nonexistent/dir/alerts.jsonl")
        } catch {
            #expect(error.description == "alert log /nonexistent/dir/alerts.jsonl: cannot open: No such file or directory")
        }
    }

    @Test func diskFullReportsHowManyLinesMadeIt() throws {
        // /dev/full accepts the open and fails every write with ENOSPC.
        let writer = try AlertLogWriter(path: "/dev/full", fsync: .never)
        do {
            try writer.append([line(1), line(2)])
            Issue.record("expected ENOSPC")
        } catch {
            #expect(error.written == 0)
            #expect(error.error.errno == ENOSPC)
            #expect(error.description == "alert log /dev/full: cannot write: No space left on device")
        }
    }

    @Test func renameRotationIsNoticedBeforeTheNextBatch() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/alerts.jsonl"
        let writer = try AlertLogWriter(path: path)
        try writer.append([line(1)])
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try writer.append([line(2)])
        #expect(try String(contentsOfFile: path + ".1", encoding: .utf8) == "{\"n\":1}\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"n\":2}\n")
    }

    @Test func reopenFollowsARenameAtOnce() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/alerts.jsonl"
        let writer = try AlertLogWriter(path: path)
        try writer.append([line(1)])
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try writer.reopen()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func copytruncateLeavesNoHoleOfNULs() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/alerts.jsonl"
        let writer = try AlertLogWriter(path: path)
        try writer.append([line(1), line(2)])
        try FileManager.default.copyItem(atPath: path, toPath: path + ".1")
        truncate(path, 0)
        try writer.append([line(3)])
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(!data.contains(0))
        #expect(String(decoding: data, as: UTF8.self) == "{\"n\":3}\n")
    }

    @Test func readerSkipsATornLastLineAndAPartialFirstLine() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("a.jsonl", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":")
        #expect(numbers(in: try AlertLogReader.tailLines(path: path, maxBytes: 1 << 20)) == [1, 2, 3])
        // A window starting inside line 1 drops it rather than returning its tail.
        #expect(numbers(in: try AlertLogReader.tailLines(path: path, maxBytes: 25)) == [2, 3])
        #expect(try AlertLogReader.tailLines(path: dir.path + "/missing", maxBytes: 10).isEmpty)
    }

    /// A writer rotating by rename (with and without reopen) and by copytruncate while a follower
    /// reads: the follower sees every line exactly once and never a torn one.
    @Test(arguments: ["rename", "rename+reopen", "copytruncate"])
    func concurrentReaderAcrossRotation(mode: String) async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/alerts.jsonl"
        let writer = try AlertLogWriter(path: path, fsync: .never)
        let follower = AlertLogFollower(path: path, fromStart: true)
        let seen = Mutex<[Int]>([])
        let total = 3000
        let reader = Task {
            let deadline = ContinuousClock.now + .seconds(20)
            while seen.withLock({ $0.count }) < total, ContinuousClock.now < deadline {
                for bytes in follower.poll() {
                    let text = String(decoding: bytes, as: UTF8.self)
                    guard let n = Int(text.dropFirst(5).dropLast()) else {
                        Issue.record("torn line: \(text)")
                        continue
                    }
                    seen.withLock { $0.append(n) }
                }
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
        for batch in 0..<30 {
            try writer.append((0..<100).map { line(batch * 100 + $0) })
            guard batch == 15 else { continue }
            switch mode {
            case "copytruncate":
                // copytruncate loses what a reader has not read before the truncate (logrotate(8)
                // says so); wait until the follower has everything, then rotate.
                while seen.withLock({ $0.count }) < (batch + 1) * 100 { try await Task.sleep(for: .milliseconds(1)) }
                try FileManager.default.copyItem(atPath: path, toPath: path + ".1")
                truncate(path, 0)
            default:
                try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
                if mode == "rename+reopen" { try writer.reopen() }
            }
        }
        await reader.value
        #expect(seen.withLock { $0 }.sorted() == Array(0..<total))
    }
}
