import ActorMatch
import Benchmark
import BenchmarkData
import FeedwatchConfig
import Foundation

/// ordo-one/benchmark targets for the matcher on the 100k-actor generated watchlist.
let benchmarks: @Sendable () -> Void = {
    let watchlist = WatchlistGenerator.watchlist(count: 100_000)
    let documents = NewsGenerator.documents(totalBytes: 15_000_000, watchlist: watchlist)
    let totalBytes = documents.reduce(0) { $0 + $1.byteCount }
    let matcher = Matcher(watchlist: watchlist)

    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    Benchmark("Build matcher, 100k actors") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Matcher(watchlist: watchlist)) }
    }

    // One iteration matches all ~15 MB; throughput × 15 = MB/s.
    Benchmark("Match 15 MB of news", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            var mentions = 0
            for document in documents {
                mentions += matcher.match([TextField(name: "title", text: document.title),
                                           TextField(name: "content", text: document.content)]).count
            }
            blackHole(mentions)
        }
    }

    Benchmark("Match one 3 KB item", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let fields = [TextField(name: "title", text: documents[0].title), TextField(name: "content", text: documents[0].content)]
        for _ in benchmark.scaledIterations { blackHole(matcher.match(fields)) }
    }

    let yamlPath = FileManager.default.temporaryDirectory.appendingPathComponent("feedwatch-bench-watchlist.yaml").path
    try? WatchlistGenerator.yaml(watchlist).write(toFile: yamlPath, atomically: true, encoding: .utf8)
    Benchmark("Load YAML + build, 100k actors") { benchmark in
        for _ in benchmark.scaledIterations {
            if let loaded = try? WatchlistLoader.load(file: yamlPath) { blackHole(Matcher(watchlist: loaded.value)) }
        }
    }
    _ = totalBytes
}
