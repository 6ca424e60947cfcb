import AlertLog
import Foundation
import Testing
import TestSupport

/// On random logs (seeded: the same cases every run) split into random files, some gzip-compressed
/// and some ending in a torn line, with random filters and block sizes, `LatestAlerts` selects
/// exactly what decoding every line of every file and filtering it would: the raw prefilter, the
/// backwards blocks and the early stops change the cost, never the answer.
struct LatestAlertsAgreementTests {
    typealias F = LogFixtures
    static let base: Int64 = 1_790_000_000_000
    static let garbage: [[UInt8]] = [
        Array("not json".utf8), [0xFF, 0xFE, 0x7B], Array("{\"v\":1,\"id\":\"cut\",\"detected\":\"2026-".utf8),
        Array("{\"v\":1,\"id\":\"x\",\"detected\":\"2027-01-01T00:00:00.000Z\",\"actors\":[{\"id\":\"hamas\"}]}".utf8),
    ]

    /// One generated line: its bytes and, for an alert, its `detected` (files start with one).
    struct Line { var bytes: [UInt8]; var detected: Int64? }

    @Test func sameAnswerAsDecodingEverything() throws {
        var rng = SplitMix64(seed: 0x17)
        let dir = try TemporaryDirectory()
        for caseIndex in 0..<200 {
            let lines = Self.log(caseIndex, &rng)
            let cuts = Self.fileCuts(lines, &rng)
            var paths: [String] = [], contents: [[[UInt8]]] = []
            for (file, range) in cuts.enumerated() {
                let isLive = file == cuts.count - 1
                var bytes: [UInt8] = lines[range].flatMap { $0.bytes + [UInt8(0x0A)] }
                if Bool.random(using: &rng) { bytes += Array("{\"v\":1,\"id\":\"torn\",\"det".utf8) }
                let gzip = !isLive && Bool.random(using: &rng)
                paths.append(try F.write(bytes, "c\(caseIndex)-\(file).jsonl", in: dir, gzip: gzip))
                contents.append(lines[range].map(\.bytes))
            }
            let query = Self.query(lines, &rng)
            let count = [0, 1, 2, 3, 5, 8, 13, 1000].randomElement(using: &rng) ?? 1
            let blockSize = [16, 100, 1000, 1 << 16].randomElement(using: &rng) ?? 100
            let files = try LogFile.ordered(paths.shuffled(using: &rng))
            let result = try LatestAlerts(count, matching: query, in: files, blockSize: blockSize)
            let expected = Array(contents.joined().filter { Self.reference(query, $0) }.suffix(count))
            #expect(result.lines == expected, "case \(caseIndex): \(query), -n \(count), blocks of \(blockSize)")
        }
    }

    /// Up to 80 lines up to 20 s apart, each up to 30 s early — out of order, but by
    /// less than `AlertQuery.disorder` — and one in twelve not an alert at all.
    static func log(_ caseIndex: Int, _ rng: inout SplitMix64) -> [Line] {
        var time = base
        return (0..<Int.random(in: 0...80, using: &rng)).map { index in
            time += Int64.random(in: 0...20_000, using: &rng)
            if index > 0, Int.random(in: 0..<12, using: &rng) == 0 {
                return Line(bytes: garbage.randomElement(using: &rng) ?? [], detected: nil)
            }
            let actors = Array(F.actors.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)))
            let id = Int.random(in: 0..<6, using: &rng) == 0 ? F.hexActor : "a\(caseIndex)-\(index)"
            let detected = time - Int64.random(in: 0..<30_000, using: &rng)
            let bytes = F.line(id: id, detected: detected, actors: actors,
                               kind: F.kinds.randomElement(using: &rng) ?? "other",
                               feed: F.feeds.randomElement(using: &rng) ?? "")
            return Line(bytes: bytes, detected: detected)
        }
    }

    /// Consecutive ranges, one per file; every file but the live (last) one starts with an alert
    /// later than all before it, which is what ranks it. The live file may be empty (just rotated).
    static func fileCuts(_ lines: [Line], _ rng: inout SplitMix64) -> [Range<Int>] {
        var latest = Int64.min
        let newest = lines.indices.filter { index in
            guard let detected = lines[index].detected, detected > latest else { return false }
            latest = detected
            return true
        }
        let starts = newest.filter { $0 > 0 }.shuffled(using: &rng)
            .prefix(Int.random(in: 0...2, using: &rng)).sorted()
        var bounds = [0] + starts + [lines.count]
        if Int.random(in: 0..<5, using: &rng) == 0 { bounds.append(lines.count) }
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
    }

    static func query(_ lines: [Line], _ rng: inout SplitMix64) -> AlertQuery {
        let actors = Set((F.actors + ["nobody"]).shuffled(using: &rng).prefix(Int.random(in: 0...2, using: &rng)))
        let kind = Bool.random(using: &rng) ? nil : F.kinds.randomElement(using: &rng)
        let feed = Int.random(in: 0..<3, using: &rng) == 0 ? F.feeds.randomElement(using: &rng) : nil
        // Near an alert's time, where lines out of order make the difference.
        let near = lines.compactMap(\.detected).randomElement(using: &rng) ?? base
        let notBefore = Bool.random(using: &rng) ? nil : near + Int64.random(in: -20_000...20_000, using: &rng)
        return AlertQuery(actors: actors, kind: kind, feed: feed, notBefore: notBefore)
    }

    /// What `tail` selected before it had any shortcut: decode every line, test each filter.
    static func reference(_ query: AlertQuery, _ line: [UInt8]) -> Bool {
        let unfiltered = query.actors.isEmpty && query.kind == nil && query.feed == nil && query.notBefore == nil
        if unfiltered { return true }
        guard let alert = try? JSONDecoder().decode(LoggedAlert.self, from: Data(line)) else { return false }
        if !query.actors.isEmpty, Set(alert.actors.map(\.id)).isDisjoint(with: query.actors) { return false }
        if let kind = query.kind, !alert.actors.map(\.kind).contains(kind) { return false }
        if let feed = query.feed, alert.feed.url != feed { return false }
        if let notBefore = query.notBefore, (alert.detectedMilliseconds ?? 0) < notBefore { return false }
        return true
    }
}
