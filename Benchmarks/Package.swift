// swift-tools-version:6.1
import PackageDescription

/// Benchmarks live in their own package so neither the benchmark library nor the data generators
/// ever become dependencies of the daemon. Run from the repository root:
///   swift package --package-path Benchmarks benchmark            (ordo-one/benchmark targets)
///   swift run -c release --package-path Benchmarks MatchReport   (plain timed figures)
///   swift run -c release --package-path Benchmarks StateReport   (state store figures)
///   scripts/bench-fetch, scripts/bench-e2e                       (against a loopback nginx)
let package = Package(
    name: "feedwatch-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "feedwatch", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Deterministic generated inputs shared by the benchmarks: watchlists (as values and as YAML)
        // and news-like text.
        .target(
            name: "BenchmarkData",
            dependencies: [.product(name: "FeedwatchConfig", package: "feedwatch")]
        ),

        // Matching: 100k-actor build, throughput on 15 MB of text, YAML load + build.
        .executableTarget(
            name: "MatchBenchmarks",
            dependencies: [
                "BenchmarkData",
                .product(name: "ActorMatch", package: "feedwatch"),
                .product(name: "FeedwatchConfig", package: "feedwatch"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MatchBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // The same measurements as one timed run printing MB/s, build time and peak RSS.
        .executableTarget(
            name: "MatchReport",
            dependencies: [
                "BenchmarkData",
                .product(name: "ActorMatch", package: "feedwatch"),
                .product(name: "FeedwatchConfig", package: "feedwatch"),
            ]
        ),

        // Parsing: a generated corpus of mixed RSS 2.0 / Atom / RDF feeds, including HTML-to-text.
        .executableTarget(
            name: "ParseBenchmarks",
            dependencies: [
                .product(name: "FeedParse", package: "feedwatch"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ParseBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // State store: per-feed lookups and batches on a real SQLite file.
        .executableTarget(
            name: "StateBenchmarks",
            dependencies: [
                .product(name: "FeedState", package: "feedwatch"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/StateBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // State store: a steady pipeline pass over 1,000 feeds, 500-item lookups and batches, pruning.
        .executableTarget(
            name: "StateReport",
            dependencies: [.product(name: "FeedState", package: "feedwatch")]
        ),

        // Fetching: 1,000 feeds then the all-304 pass, against the server `scripts/bench-fetch` starts.
        .executableTarget(
            name: "FetchBenchmark",
            dependencies: [
                .product(name: "FeedFetch", package: "feedwatch"),
                .product(name: "FeedwatchConfig", package: "feedwatch"),
            ]
        ),
    ]
)
