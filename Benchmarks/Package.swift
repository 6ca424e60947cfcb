// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so the benchmark library never becomes a dependency of
// the daemon; they use the main package by path. Run: `cd Benchmarks && swift package benchmark`.
let package = Package(
    name: "feedwatch-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "feedwatch", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ParseBenchmarks",
            dependencies: [
                .product(name: "FeedParse", package: "feedwatch"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ParseBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
