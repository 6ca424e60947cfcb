// swift-tools-version:6.1
import PackageDescription

/// Benchmarks live in their own package so neither the benchmark library nor the data generators
/// ever become dependencies of the daemon. Run from the repository root:
///   swift package --package-path Benchmarks benchmark            (ordo-one/benchmark targets)
///   swift run -c release --package-path Benchmarks match-report  (plain timed figures)
///   swift package --package-path Benchmarks benchmark --target ParseBenchmarks  (feed parsing only)
let package = Package(
    name: "feedwatch-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "feedwatch", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
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
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/MatchBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
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

        // Feed parsing: a generated ~25 MB mixed RSS 2.0 / Atom / RDF corpus through FeedParser.
        .executableTarget(
            name: "ParseBenchmarks",
            dependencies: [
                .product(name: "FeedParse", package: "feedwatch"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/ParseBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
