import AlertLog
import Foundation
import Testing
import TestSupport

/// `LatestAlerts`, the engine of `feedwatch tail`: reading backwards in small blocks, several and
/// gzip-compressed files, stopping at `--since`, and the same answer as reading everything.
struct LatestAlertsTests {
    typealias F = LogFixtures
    static let hour: Int64 = 3_600_000
    static let base: Int64 = 1_790_000_000_000

    static func ids(_ result: LatestAlerts) -> [String] {
        result.lines.compactMap { LoggedAlert.decode($0)?.id }
    }

    @Test func backwardsInTinyBlocksSkipsTheTornLastLine() throws {
        let dir = try TemporaryDirectory()
        var bytes: [UInt8] = []
        for index in 0..<20 {
            bytes += F.line(id: "a\(index)", detected: Self.base + Int64(index), actors: ["hamas"], kind: "group",
                            feed: F.feeds[0]) + [0x0A]
        }
        bytes += Array("{\"v\":1,\"id\":\"torn\",\"detected\":\"2026".utf8)
        let path = try F.write(bytes, "alerts.jsonl", in: dir)
        // Blocks far shorter than a line: every line spans several reads.
        for blockSize in [7, 64, 333, 1 << 18] {
            let result = try LatestAlerts(3, matching: AlertQuery(), in: LogFile.ordered([path]), blockSize: blockSize)
            #expect(Self.ids(result) == ["a17", "a18", "a19"], "block size \(blockSize)")
            let all = try LatestAlerts(100, matching: AlertQuery(actors: ["hamas"]), in: LogFile.ordered([path]),
                                       blockSize: blockSize)
            #expect(Self.ids(all) == (0..<20).map { "a\($0)" })
        }
    }

    @Test func readsOnlyTheEndForTheLastFew() throws {
        let dir = try TemporaryDirectory()
        var bytes: [UInt8] = []
        for index in 0..<2000 {
            bytes += F.line(id: "a\(index)", detected: Self.base + Int64(index), actors: ["qatar"], kind: "country",
                            feed: F.feeds[1]) + [0x0A]
        }
        let path = try F.write(bytes, "alerts.jsonl", in: dir)
        let result = try LatestAlerts(2, matching: AlertQuery(feed: F.feeds[1]), in: LogFile.ordered([path]), blockSize: 4096)
        #expect(Self.ids(result) == ["a1998", "a1999"])
        #expect(result.bytesRead <= 4096)
    }

    /// Before the `--since` point (older by more than the allowed disorder) lie invalid bytes and
    /// lines that would be selected if they were read: none is, and the reads stop near the point.
    @Test func sinceStopsAtTheFirstOlderLine() throws {
        let dir = try TemporaryDirectory()
        let now = Self.base + 100 * Self.hour
        var bytes: [UInt8] = []
        for index in 0..<50 {  // out of order on purpose: they claim to be recent
            bytes += F.line(id: "planted\(index)", detected: now, actors: ["idf"], kind: "group", feed: F.feeds[0]) + [0x0A]
        }
        bytes += [0xFF, 0xFE, 0x00, 0x0A] + Array("not json at all\n".utf8)
        let oldStart = bytes.count
        for index in 0..<500 {
            bytes += F.line(id: "old\(index)", detected: now - 48 * Self.hour + Int64(index), actors: ["idf"], kind: "group",
                            feed: F.feeds[0]) + [0x0A]
        }
        let recentStart = bytes.count
        for index in 0..<5 {
            bytes += F.line(id: "new\(index)", detected: now - Self.hour + Int64(index), actors: ["idf"], kind: "group",
                            feed: F.feeds[0]) + [0x0A]
        }
        let path = try F.write(bytes, "alerts.jsonl", in: dir)
        let query = AlertQuery(actors: ["idf"], notBefore: now - 2 * Self.hour)
        let result = try LatestAlerts(1000, matching: query, in: LogFile.ordered([path]), blockSize: 1024)
        #expect(Self.ids(result) == (0..<5).map { "new\($0)" })
        // One block past the point at most; the planted lines and the garbage are never read.
        #expect(result.bytesRead <= bytes.count - recentStart + 2 * 1024)
        #expect(bytes.count - result.bytesRead > oldStart)

        // An older file is not opened at all once the newer one has passed the point.
        let older = try F.write(Array("{\"v\":1,\"id\":\"junk\"}\n".utf8), "alerts.jsonl.1", in: dir)
        let both = try LatestAlerts(1000, matching: query, in: [LogFile(path: older), LogFile(path: path)], blockSize: 1024)
        #expect(both.bytesRead == result.bytesRead)
    }

    @Test func severalFilesWithAGzipGenerationInTimeOrder() throws {
        let dir = try TemporaryDirectory()
        func file(_ name: String, _ range: Range<Int>, gzip: Bool = false, torn: Bool = false) throws -> String {
            var bytes: [UInt8] = []
            for index in range {
                bytes += F.line(id: "a\(index)", detected: Self.base + Int64(index) * 1000,
                                actors: [index % 3 == 0 ? "hamas" : "qatar"], kind: index % 3 == 0 ? "group" : "country",
                                feed: F.feeds[index % 2]) + [0x0A]
            }
            if torn { bytes += Array("{\"v\":1,\"id\":\"a-torn\"".utf8) }
            return try F.write(bytes, name, in: dir, gzip: gzip)
        }
        let oldest = try file("alerts.jsonl.2", 0..<30, gzip: true, torn: true)
        let middle = try file("alerts.jsonl.1", 30..<60, torn: true)
        let live = try file("alerts.jsonl", 60..<70)
        #expect(oldest.hasSuffix(".gz"))
        // Given in any order, the files are read oldest first.
        let files = try LogFile.ordered([live, oldest, middle])
        #expect(files.map(\.path) == [oldest, middle, live])
        #expect(files.map(\.gzip) == [true, false, false])

        let hamas = try LatestAlerts(100, matching: AlertQuery(actors: ["hamas"]), in: files)
        #expect(Self.ids(hamas) == stride(from: 0, to: 70, by: 3).map { "a\($0)" })
        let lastFew = try LatestAlerts(4, matching: AlertQuery(kind: "group", feed: F.feeds[0]), in: files)
        #expect(Self.ids(lastFew) == ["a48", "a54", "a60", "a66"])
        let fromGzip = try LatestAlerts(100, matching: AlertQuery(actors: ["hamas"], notBefore: Self.base + 20_000), in: files)
        #expect(Self.ids(fromGzip) == stride(from: 21, to: 70, by: 3).map { "a\($0)" })
        let spanning = try LatestAlerts(100, matching: AlertQuery(feed: F.feeds[1], notBefore: Self.base + 25_000), in: files)
        #expect(Self.ids(spanning) == stride(from: 25, to: 70, by: 2).map { "a\($0)" })
    }
}
