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
