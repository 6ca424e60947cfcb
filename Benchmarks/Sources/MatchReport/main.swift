import ActorMatch
import BenchmarkData
import FeedwatchConfig
import Foundation

/// Prints the matching figures the issue asks for: build time for 100k actors, throughput on
/// ~15 MB of news-like text (normalisation included, one thread), YAML load + build, peak RSS.
/// Times are CPU seconds of the measuring thread, best of N: the development machine is shared
/// by several builds at once, so wall-clock time would measure the neighbours as much as us.
///
/// Usage: MatchReport [actors] [megabytes] [--passes N] [--write DIR] [--quick] [--semitic]
let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
let numbers = arguments.prefix { $0.first?.isNumber == true }.compactMap { Int($0) }
let actorCount = numbers.first ?? 100_000
let megabytes = numbers.dropFirst().first ?? 15
let passes = option("--passes").flatMap(Int.init) ?? 3
let matchPasses = option("--match-passes").flatMap(Int.init) ?? passes
let quick = arguments.contains("--quick")

func seconds(_ clock: clockid_t = CLOCK_THREAD_CPUTIME_ID, _ work: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
    let start = now()
    try work()
    return now() - start
}

func best(_ count: Int, _ clock: clockid_t = CLOCK_THREAD_CPUTIME_ID, _ work: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<count { times.append(try seconds(clock, work)) }
    return times.min() ?? 0
}

func mb(_ bytes: Int?) -> String { bytes.map { String(format: "%.1f MB", Double($0) / 1_048_576) } ?? "n/a" }

func line(_ label: String, _ value: String) {
    print(label.padding(toLength: 36, withPad: " ", startingAt: 0) + value)
}

func fields(_ document: NewsGenerator.Document) -> [TextField] {
    [TextField(name: "title", text: document.title), TextField(name: "content", text: document.content)]
}

func reportMatching(_ label: String, _ matcher: Matcher, _ documents: [NewsGenerator.Document],
                    language: String? = nil) {
    let bytes = documents.reduce(0) { $0 + $1.byteCount }
    var mentions = 0
    for document in documents.prefix(100) { mentions += matcher.match(fields(document), language: language).count }
    let time = best(matchPasses) {
        mentions = 0
        for document in documents {
            mentions += matcher.match(fields(document), language: language).reduce(0) { $0 + $1.mentions.count }
        }
    }
    line(label, String(format: "%.3f s, %6.1f MB/s, %d mentions", time, Double(bytes) / 1e6 / time, mentions))
}

let watchlist = WatchlistGenerator.watchlist(count: actorCount)
let text = megabytes * 1_000_000
// `--semitic`: the main text is Hebrew and Arabic news instead (for side-by-side runs of the
// script rules under callgrind with `--quick`).
let documents = arguments.contains("--semitic") ? NewsGenerator.semiticDocuments(totalBytes: text, watchlist: watchlist)
    : NewsGenerator.documents(totalBytes: text, watchlist: watchlist)
line("actors / aliases", "\(watchlist.actors.count) / \(watchlist.aliasCount)")
line("text", String(format: "%d documents, %.1f MB", documents.count, Double(documents.reduce(0) { $0 + $1.byteCount }) / 1e6))

if let folder = option("--write") {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try WatchlistGenerator.yaml(watchlist).write(toFile: folder + "/watchlist.yaml", atomically: true, encoding: .utf8)
    let lines = documents.map { ($0.title + " " + $0.content).replacingOccurrences(of: "\n", with: " ") }
    try lines.joined(separator: "\n").write(toFile: folder + "/news.txt", atomically: true, encoding: .utf8)
    line("written", "\(folder)/watchlist.yaml, \(folder)/news.txt")
}

let rssBefore = Memory.peakResidentBytes()
var matcher = Matcher(watchlist: watchlist)
let rssAfter = Memory.peakResidentBytes()
reportMatching("match, news-like (Zipf, 1 % names)", matcher, documents)
line("peak RSS inputs, +matcher, +match", "\(mb(rssBefore)), \(mb(rssAfter)), \(mb(Memory.peakResidentBytes()))")
line("build (best of \(passes))", String(format: "%.3f s", best(passes) { matcher = Matcher(watchlist: watchlist) }))

if !quick {
    reportMatching("match, no watched names", matcher,
                   NewsGenerator.documents(totalBytes: text, watchlist: watchlist, mentionRate: 0))
    reportMatching("match, uniform actors, 1 % names", matcher,
                   NewsGenerator.documents(totalBytes: text, watchlist: watchlist, coverage: .uniform))
    reportMatching("match, uniform actors, 3 % names", matcher,
                   NewsGenerator.documents(totalBytes: text, watchlist: watchlist, mentionRate: 0.03, coverage: .uniform))
    reportMatching("match, Hebrew/Arabic, 30 % proclitic", matcher,
                   NewsGenerator.semiticDocuments(totalBytes: text, watchlist: watchlist))
    // Every item declared Russian: each word no alias uses is also tried with case endings.
    reportMatching("match, news-like, declared ru", matcher, documents, language: "ru")
    reportMatching("match, news-like, declared de", matcher, documents, language: "de")
}
line("peak RSS after matching", mb(Memory.peakResidentBytes()))
if quick { exit(0) }

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedwatch-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let yamlPath = folder.appendingPathComponent("watchlist.yaml").path
try WatchlistGenerator.yaml(watchlist).write(toFile: yamlPath, atomically: true, encoding: .utf8)
let yamlSize = (try? FileManager.default.attributesOfItem(atPath: yamlPath)[.size] as? Int) ?? 0
var loaded = watchlist
// The loader reads large files on several threads: its cost is wall time, with the CPU time of
// all threads beside it. The build is single-threaded.
let loadWall = try best(passes, CLOCK_MONOTONIC) { loaded = try WatchlistLoader.load(file: yamlPath).value }
let loadCPU = try best(passes, CLOCK_PROCESS_CPUTIME_ID) { loaded = try WatchlistLoader.load(file: yamlPath).value }
let build = best(passes) { matcher = Matcher(watchlist: loaded) }
let buildWall = best(passes, CLOCK_MONOTONIC) { matcher = Matcher(watchlist: loaded) }
line("YAML load (WatchlistLoader)", String(format: "%.3f s wall, %.3f s CPU (all threads) for %.1f MB",
                                           loadWall, loadCPU, Double(yamlSize) / 1e6))
line("YAML load + build", String(format: "%.3f s wall (build %.3f s wall, %.3f s CPU)",
                                 loadWall + buildWall, buildWall, build))
line("lint (WatchlistLint)", String(format: "%.3f s", seconds { _ = WatchlistLint.diagnostics(for: loaded) }))
line("peak RSS (whole run)", mb(Memory.peakResidentBytes()))
