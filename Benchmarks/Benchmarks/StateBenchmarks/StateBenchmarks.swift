import Benchmark
import FeedState
import Foundation

/// ordo-one/benchmark targets for the state store, on a real file in a temporary folder: the
/// pipeline's per-feed work (look up the parsed keys, record the batch) for a 50-item and a
/// 500-item feed, and the crash-recovery lookup.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(10),
        maxIterations: 1_000
    )
    // One fixed folder, emptied at each start, so repeated runs leave a single small file behind.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedwatch-state-benchmarks")
    try? FileManager.default.removeItem(at: folder)
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    guard let store = try? StateStore.open(path: folder.appendingPathComponent("state.db").path) else { return }

    func listing(_ feed: String, _ range: Range<Int>) -> [SeenItem] {
        range.map { SeenItem(key: "\(feed)/2026/11/28/story-\($0)", contentHash: UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
    }

    for size in [50, 500] {
        let url = "https://news.example/feed-\(size).xml"
        let items = listing(url, 0..<size)
        let keys = items.map(\.key)
        try? store.record(ItemBatch(feed: FeedRecord(url: url), seenAt: 1, items: items))

        Benchmark("items(feed:keys:), \(size) known keys") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try? store.items(feed: url, keys: keys)) }
        }

        // A steady feed: every pass lists the same items (one rotates in) and records them.
        Benchmark("lookup + record, \(size)-item feed, 1 new item") { benchmark in
            var round = 0
            for _ in benchmark.scaledIterations {
                round += 1
                let listed = listing(url, round ..< round + size)
                let known = (try? store.items(feed: url, keys: listed.map(\.key))) ?? [:]
                let alerts = listed.filter { known[$0.key] == nil }.map {
                    AlertRecord(itemKey: $0.key, alertID: "\($0.key)#hamas", actorIDs: ["hamas"], at: Int64(round))
                }
                try? store.record(ItemBatch(feed: FeedRecord(url: url), seenAt: Int64(round), items: listed, alerts: alerts))
            }
        }
    }

    Benchmark("isAlerted(alertID:)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? store.isAlerted(alertID: "https://news.example/x#hamas")) }
    }
}
