// swift-tools-version:6.1
import PackageDescription

/// Benchmarks live in their own package so the daemon never depends on them; each executable
/// target times one stage against the main package, built in release mode.
let package = Package(
    name: "feedwatch-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "feedwatch", path: ".."),
    ],
    targets: [
        .executableTarget(name: "FetchBenchmark", dependencies: [.product(name: "FeedFetch", package: "feedwatch")]),
    ]
)
