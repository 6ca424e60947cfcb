// swift-tools-version:6.1
import PackageDescription

/// Strictness for every target of ours: Swift 6 mode is the default for tools 6.x; these add the
/// checks the project relies on (explicit `any`, no accidental public re-exports of C modules).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "feedwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "feedwatch", targets: ["feedwatch"]),
        // Libraries for the benchmark package under Benchmarks/ (it depends on this one by path).
        .library(name: "FeedwatchConfig", targets: ["FeedwatchConfig"]),
        .library(name: "ActorMatch", targets: ["ActorMatch"]),
        .library(name: "FeedParse", targets: ["FeedParse"]),
        .executable(name: "FeedParseFuzz", targets: ["FeedParseFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries, each behind a system-library module; only the stage that owns a library imports it.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // Stages, in data-flow order: config → fetch → parse → match.
        .target(name: "FeedwatchConfig", dependencies: ["CYAML", "FeedParse"], swiftSettings: strict),
        .target(name: "FeedParse", dependencies: ["CLibXML2"], swiftSettings: strict),
        .target(name: "AlertLog", swiftSettings: strict),
        .target(name: "ActorMatch", dependencies: ["FeedwatchConfig"], swiftSettings: strict),

        // The command-line front end.
        .executableTarget(
            name: "feedwatch",
            dependencies: [
                "FeedwatchConfig", "FeedParse", "ActorMatch", "AlertLog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // Tests mirror the modules; TestSupport holds fixtures helpers shared by them.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "FeedwatchConfigTests", dependencies: ["FeedwatchConfig", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "AlertLogTests", dependencies: ["AlertLog", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["AlertLog", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ActorMatchTests", dependencies: ["ActorMatch", "FeedwatchConfig", "TestSupport"],
                    swiftSettings: strict),
        .testTarget(
            name: "FeedParseTests",
            dependencies: ["FeedParse", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),

        // libFuzzer driver over the parser: `swift build --product FeedParseFuzz -Xswiftc
        // -sanitize=fuzzer,address`; a plain build replays the files given as arguments.
        .systemLibrary(name: "CFuzzerDriver", path: "Sources/CFuzzerDriver"),
        .executableTarget(name: "FeedParseFuzz", dependencies: ["FeedParse", "CFuzzerDriver"], swiftSettings: strict),
    ]
)
