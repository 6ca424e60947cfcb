import ActorMatch
import BenchmarkData
import FeedwatchConfig
import Foundation

/// Prints the matching figures the issue asks for: build time for 100k actors, throughput on
/// ~15 MB of news-like text (normalisation included, one thread), YAML load + build, peak RSS.
/// Usage: MatchReport [actors] [megabytes] [--write DIR]
let arguments = CommandLine.arguments.dropFirst()
let numbers = arguments.compactMap { Int($0) }
let actorCount = numbers.first ?? 100_000
let megabytes = numbers.dropFirst().first ?? 15
let writeFolder = arguments.firstIndex(of: "--write").flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil }

func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try work()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func megabytesText(_ bytes: Int?) -> String {
    bytes.map { String(format: "%.1f MB", Double($0) / 1_048_576) } ?? "n/a"
}

func line(_ label: String, _ value: String) {
    print(label.padding(toLength: 34, withPad: " ", startingAt: 0) + value)
}

let watchlist = WatchlistGenerator.watchlist(count: actorCount)
let documents = NewsGenerator.documents(totalBytes: megabytes * 1_000_000, watchlist: watchlist)
let totalBytes = documents.reduce(0) { $0 + $1.byteCount }
line("actors / aliases", "\(watchlist.actors.count) / \(watchlist.aliasCount)")
line("text", "\(documents.count) documents, \(String(format: "%.1f", Double(totalBytes) / 1e6)) MB")

if let writeFolder {
    try WatchlistGenerator.yaml(watchlist).write(toFile: writeFolder + "/watchlist.yaml", atomically: true, encoding: .utf8)
    let lines = documents.map { ($0.title + " " + $0.content).replacingOccurrences(of: "\n", with: " ") }
    try lines.joined(separator: "\n").write(toFile: writeFolder + "/news.txt", atomically: true, encoding: .utf8)
    line("written", "\(writeFolder)/watchlist.yaml, \(writeFolder)/news.txt")
}

var matcher = Matcher(watchlist: watchlist)
var builds: [Double] = []
for _ in 0..<3 { builds.append(seconds { matcher = Matcher(watchlist: watchlist) }) }
line("build (best of 3)", String(format: "%.3f s", builds.min() ?? 0))
line("peak RSS after build", megabytesText(Memory.peakResidentBytes()))

var mentions = 0
for document in documents.prefix(200) {
    mentions += matcher.match([TextField(name: "title", text: document.title),
                               TextField(name: "content", text: document.content)]).count
}
var passes: [Double] = []
for _ in 0..<3 {
    mentions = 0
    passes.append(seconds {
        for document in documents {
            let hits = matcher.match([TextField(name: "title", text: document.title),
                                      TextField(name: "content", text: document.content)])
            mentions += hits.reduce(0) { $0 + $1.mentions.count }
        }
    })
}
let best = passes.min() ?? 1
line("match (best of 3)", String(format: "%.3f s, %.1f MB/s, %d mentions", best, Double(totalBytes) / 1e6 / best, mentions))
line("peak RSS after matching", megabytesText(Memory.peakResidentBytes()))

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedwatch-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let yamlPath = folder.appendingPathComponent("watchlist.yaml").path
try WatchlistGenerator.yaml(watchlist).write(toFile: yamlPath, atomically: true, encoding: .utf8)
let yamlSize = (try? FileManager.default.attributesOfItem(atPath: yamlPath)[.size] as? Int) ?? 0
var loads: [Double] = []
for _ in 0..<3 {
    loads.append(try seconds {
        let loaded = try WatchlistLoader.load(file: yamlPath)
        matcher = Matcher(watchlist: loaded.value)
    })
}
line("YAML load + build (best of 3)", String(format: "%.3f s (%.1f MB of YAML)", loads.min() ?? 0, Double(yamlSize) / 1e6))
line("lint 100k actors", String(format: "%.3f s", seconds { _ = WatchlistLint.diagnostics(for: watchlist) }))
line("peak RSS (whole run)", megabytesText(Memory.peakResidentBytes()))
