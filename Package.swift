// swift-tools-version:6.1
import PackageDescription

/// Strictness for every target of ours: Swift 6 mode is the default for tools 6.x; this adds
/// explicit `any` for existentials.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "feedwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "feedwatch", targets: ["feedwatch"]),
        .executable(name: "FeedParseFuzz", targets: ["FeedParseFuzz"]),
        // Libraries for the benchmark package under Benchmarks/ (it depends on this one by path).
        .library(name: "FeedwatchConfig", targets: ["FeedwatchConfig"]),
        .library(name: "FeedFetch", targets: ["FeedFetch"]),
        .library(name: "FeedParse", targets: ["FeedParse"]),
        .library(name: "ActorMatch", targets: ["ActorMatch"]),
        .library(name: "FeedState", targets: ["FeedState"]),
        .library(name: "FeedPipeline", targets: ["FeedPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        // Metrics: recorded through swift-metrics everywhere, exposed by swift-prometheus in MetricsEndpoint only.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries, each behind a system-library module; only the stage that owns a library imports it.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CGlibcShim", path: "Sources/CGlibcShim"),

        // Stages, in data-flow order: config → fetch → parse → match → alert log / state → pipeline.
        .target(name: "FeedwatchConfig", dependencies: ["CYAML", "CGlibcShim", "FeedParse"], swiftSettings: strict),
        .target(name: "FeedFetch", dependencies: ["CCurl", "FeedwatchConfig"], swiftSettings: strict),
        .target(name: "FeedParse", dependencies: ["CLibXML2"], swiftSettings: strict),
        .target(name: "ActorMatch", dependencies: ["FeedwatchConfig"], swiftSettings: strict),
        .target(name: "AlertLog", dependencies: ["CZlib", "CGlibcShim"], swiftSettings: strict),
        .target(name: "FeedState", dependencies: ["CSQLite"], swiftSettings: strict),
        // The same state on PostgreSQL (`state: postgresql://…`): a second StateDatabase.
        .target(name: "PostgresState", dependencies: ["CLibPQ", "FeedState"], swiftSettings: strict),
        .target(name: "FeedPipeline", dependencies: [
            "FeedwatchConfig", "FeedFetch", "FeedParse", "ActorMatch", "AlertLog", "FeedState", "PostgresState",
            "CGlibcShim", .product(name: "Metrics", package: "swift-metrics"),
        ], swiftSettings: strict),
        .target(name: "FeedwatchDaemon", dependencies: [
            "FeedPipeline", .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ], swiftSettings: strict),
        // The HTTP endpoint (/metrics, /healthz, /readyz) on its own thread, and the Prometheus registry.
        .target(name: "MetricsEndpoint", dependencies: [
            "FeedwatchConfig", .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
        ], swiftSettings: strict),

        // The command-line front end.
        .executableTarget(
            name: "feedwatch",
            dependencies: [
                "FeedwatchConfig", "FeedFetch", "FeedParse", "ActorMatch", "AlertLog", "FeedState", "FeedPipeline",
                "FeedwatchDaemon", "MetricsEndpoint", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // libFuzzer driver over the parser: `swift build --product FeedParseFuzz -Xswiftc
        // -sanitize=fuzzer,address`; a plain build replays the files given as arguments.
        .systemLibrary(name: "CFuzzerDriver", path: "Sources/CFuzzerDriver"),
        .executableTarget(name: "FeedParseFuzz", dependencies: ["FeedParse", "CFuzzerDriver"], swiftSettings: strict),

        // Tests mirror the modules; TestSupport holds helpers shared by them.
        .target(name: "TestSupport", dependencies: [.product(name: "FlyingFox", package: "FlyingFox")],
                path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "FeedwatchConfigTests", dependencies: ["FeedwatchConfig", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "FeedFetchTests", dependencies: [
            "FeedFetch", "TestSupport", .product(name: "FlyingFox", package: "FlyingFox"),
            .product(name: "FlyingSocks", package: "FlyingFox"),
        ], swiftSettings: strict),
        .testTarget(name: "FeedParseTests", dependencies: ["FeedParse", "TestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "ActorMatchTests", dependencies: ["ActorMatch", "FeedwatchConfig", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "AlertLogTests", dependencies: ["AlertLog", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "FeedPipelineTests", dependencies: ["FeedPipeline", "ActorMatch", "AlertLog", "FeedState", "PostgresState",
                                                          "FeedwatchConfig", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "MetricsEndpointTests", dependencies: ["MetricsEndpoint", "FeedwatchDaemon", "TestSupport",
                                                               .product(name: "Metrics", package: "swift-metrics")],
                    swiftSettings: strict),
        .testTarget(name: "FeedStateTests", dependencies: ["FeedState", "PostgresState", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["AlertLog", "FeedState", "PostgresState", "TestSupport", .product(name: "FlyingFox", package: "FlyingFox")],
                    swiftSettings: strict),
    ]
)
