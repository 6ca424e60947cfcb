import AlertLog
import Foundation
import Testing
import TestSupport

/// `feedwatch tail` against real log files.
struct TailCommandTests {
    static func line(id: String, actor: String, kind: String, feed: String, detected: Int64, title: String) -> String {
        let alert = Alert(
            id: id, detected: detected,
            feed: .init(url: feed, title: "Feed", tags: []),
            item: .init(key: "k-\(id)", guid: nil, link: "https://example.org/\(id)", title: title, published: nil, authors: []),
            update: false,
            actors: [.init(id: actor, name: actor.capitalized, kind: kind, tags: [],
                           mentions: [.init(alias: actor.capitalized, text: actor.capitalized, field: "title", offset: 0,
                                            context: "\(actor.capitalized) in the news")])])
        return String(decoding: AlertLine.encode(alert), as: UTF8.self)
    }

    static let now = Int64(Date().timeIntervalSince1970 * 1000)

    static func log(in dir: TemporaryDirectory) throws -> String {
        try dir.write("alerts.jsonl", [
            line(id: "a1", actor: "hamas", kind: "group", feed: "https://a.example/feed", detected: now - 5 * 3_600_000, title: "Old"),
            line(id: "a2", actor: "qatar", kind: "country", feed: "https://b.example/feed", detected: now - 60_000, title: "Doha talks"),
            line(id: "a3", actor: "hamas", kind: "group", feed: "https://b.example/feed", detected: now - 30_000, title: "Gaza"),
        ].joined() + "{\"v\":1,\"id\":\"torn")
    }

    @Test func lastLinesAsJSONSkipTheTornLine() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.log(in: dir)
        let result = try runProcess(Products.feedwatch, ["tail", "--file", path, "-n", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let ids = result.stdout.split(separator: "\n").compactMap { LoggedAlert.decode(Array($0.utf8))?.id }
        #expect(ids == ["a2", "a3"])
    }

    @Test func filtersCombine() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.log(in: dir)
        func ids(_ extra: [String]) throws -> [String] {
            let result = try runProcess(Products.feedwatch, ["tail", "--file", path, "--json"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").compactMap { LoggedAlert.decode(Array($0.utf8))?.id }
        }
        #expect(try ids(["--actor", "hamas"]) == ["a1", "a3"])
        #expect(try ids(["--actor", "hamas", "--actor", "qatar"]) == ["a1", "a2", "a3"])
        #expect(try ids(["--kind", "country"]) == ["a2"])
        #expect(try ids(["--feed", "https://b.example/feed"]) == ["a2", "a3"])
        #expect(try ids(["--since", "2h"]) == ["a2", "a3"])
        #expect(try ids(["--since", "2h", "--actor", "hamas"]) == ["a3"])
    }

    /// logrotate's generations given in any order, the oldest compressed and each ending in a torn
    /// line: read in time order, filtered across files, and `-f` refuses a compressed newest file.
    @Test func rotatedAndCompressedFiles() throws {
        let dir = try TemporaryDirectory()
        func lines(_ range: ClosedRange<Int>) -> String {
            range.map { index in
                Self.line(id: "r\(index)", actor: index.isMultiple(of: 2) ? "hamas" : "qatar", kind: "group",
                          feed: "https://a.example/feed", detected: Self.now - Int64(10 - index) * 3_600_000, title: "T")
            }.joined()
        }
        let oldest = try dir.write("alerts.jsonl.2", lines(1...3) + "{\"v\":1,\"id\":\"torn")
        let gzip = try runProcess("/usr/bin/gzip", ["-n", oldest])
        #expect(gzip.status == 0, "\(gzip.stderr)")
        let middle = try dir.write("alerts.jsonl.1", lines(4...6) + "{\"v\":1")
        let live = try dir.write("alerts.jsonl", lines(7...8))
        func ids(_ arguments: [String]) throws -> [String] {
            let result = try runProcess(Products.feedwatch, ["tail", "--json"] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").compactMap { LoggedAlert.decode(Array($0.utf8))?.id }
        }
        #expect(try ids(["--file", live, oldest + ".gz", middle, "-n", "100"]) == (1...8).map { "r\($0)" })
        #expect(try ids(["--file", middle, "--file", live, "--file", oldest + ".gz", "--actor", "hamas", "-n", "3"])
                == ["r4", "r6", "r8"])
        #expect(try ids(["--file", oldest + ".gz", live, middle, "--actor", "qatar", "--since", "8h"]) == ["r3", "r5", "r7"])
        let follow = try runProcess(Products.feedwatch, ["tail", "-f", "--file", oldest + ".gz", "-n", "0"])
        #expect(follow.status != 0)
        #expect(follow.stderr.contains("is compressed"))
    }

    /// `--since` reads back only to the first line older than it: lines before that point are
    /// never read, even ones that claim to be recent.
    @Test func sinceStopsReadingAtTheFirstOlderLine() throws {
        let dir = try TemporaryDirectory()
        let planted = Self.line(id: "planted", actor: "hamas", kind: "group", feed: "u", detected: Self.now, title: "No")
        let old = (0..<100).map {
            Self.line(id: "old\($0)", actor: "hamas", kind: "group", feed: "u", detected: Self.now - 72 * 3_600_000, title: "Old")
        }
        let recent = Self.line(id: "recent", actor: "hamas", kind: "group", feed: "u", detected: Self.now - 60_000, title: "Yes")
        let path = try dir.write("alerts.jsonl", planted + "\u{1}garbage\n" + old.joined() + recent)
        let result = try runProcess(Products.feedwatch, ["tail", "--file", path, "--json", "--since", "1h", "-n", "50"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").compactMap { LoggedAlert.decode(Array($0.utf8))?.id } == ["recent"])
    }

    @Test func readableBlocks() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.log(in: dir)
        let result = try runProcess(Products.feedwatch, ["tail", "--file", path, "-n", "1"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("  Hamas\n  Gaza\n  https://example.org/a3\n  Feed\n    title: Hamas in the news\n"))
        #expect(!result.stdout.contains("\u{1B}["))  // no colour when not a terminal
    }

    @Test func badOptionsAreRejected() throws {
        let result = try runProcess(Products.feedwatch, ["tail", "--file", "/dev/null", "--kind", "army"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--kind 'army' is not one of person, organization, country, place, group, other"))
    }

    @Test func followWaitsForWholeLinesAndSurvivesRotation() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/alerts.jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let tail = try ChildProcess(Products.feedwatch, ["tail", "-f", "--json", "--file", path])
        try await Task.sleep(for: .milliseconds(300))
        let first = Self.line(id: "f1", actor: "hamas", kind: "group", feed: "u", detected: Self.now, title: "One")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(first.utf8.prefix(40)))
        try await Task.sleep(for: .milliseconds(500))
        #expect(tail.stdout.isEmpty)  // half a line is never printed
        handle.write(Data(first.utf8.dropFirst(40)))
        #expect(await tail.waitFor { $0.contains("\"id\":\"f1\"") })
        try handle.close()
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        let second = Self.line(id: "f2", actor: "qatar", kind: "country", feed: "u", detected: Self.now, title: "Two")
        try second.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(await tail.waitFor { $0.contains("\"id\":\"f2\"") })
        tail.signal(SIGTERM)
        _ = await tail.waitForExit()
        #expect(tail.stdout.split(separator: "\n").count == 2)
    }
}
