import FeedState
import Foundation

/// Prints the state store's figures for the pipeline's shapes of work: a steady-state pass over
/// many feeds (look up the parsed keys, record the batch), first sight of a 500-item feed,
/// lookups and batches of 500 items, pruning, status and the file size.
/// Usage: StateReport [feeds] [items-per-feed]
let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let feedCount = numbers.first ?? 1_000
let itemsPerFeed = numbers.dropFirst().first ?? 50

func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try work()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func best(of runs: Int, _ work: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs { times.append(try seconds(work)) }
    return times.min() ?? 0
}

func line(_ label: String, _ value: String) {
    print(label.padding(toLength: 52, withPad: " ", startingAt: 0) + value)
}

func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

let hour: UnixMillis = 3_600_000
nonisolated(unsafe) var round = 5

func feedURL(_ feed: Int) -> String { "https://publisher\(feed % 97).example/feeds/section-\(feed).xml" }

func listing(feed: Int, round: Int, count: Int) -> [SeenItem] {
    (round * 2 ..< round * 2 + count).map { index in
        SeenItem(key: "https://publisher\(feed % 97).example/news/2026/11/28/story-\(feed)-\(index)",
                 contentHash: UInt64(truncatingIfNeeded: index &* 0x9E37_79B9 ^ feed), published: UnixMillis(index) * 60_000)
    }
}

/// One feed's share of a pipeline pass: look up its parsed keys, alert the first new item on two
/// actors, record the batch. Round r lists items 2r ..< 2r + count, so 2 items are new per round.
func process(feed: Int, round: Int, lookup: (String, [String]) throws -> [String: ItemRecord],
             save: (ItemBatch) throws -> Void) throws {
    let now = UnixMillis(round + 1) * hour
    let url = feedURL(feed)
    let listed = listing(feed: feed, round: round, count: itemsPerFeed)
    let known = try lookup(url, listed.map(\.key))
    let fresh = listed.filter { known[$0.key] == nil }
    let alerts = fresh.prefix(1).map { AlertRecord(itemKey: $0.key, alertID: "\($0.key)#hamas,idf",
                                                    actorIDs: ["hamas", "idf"], at: now) }
    var record = FeedRecord(url: url, lastStatus: .ok, lastSuccess: now, nextDue: now + hour / 4)
    record.fetches = round + 1
    try save(ItemBatch(feed: record, seenAt: now, items: listed, alerts: alerts))
}

/// A whole pass, one transaction per feed.
func pass(_ store: StateStore, round: Int) throws {
    for feed in 0..<feedCount {
        try process(feed: feed, round: round, lookup: { try store.items(feed: $0, keys: $1) }, save: { try store.record($0) })
    }
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedwatch-state-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let path = folder.appendingPathComponent("state.db").path
let store = try StateStore.open(path: path)

line("feeds × items", "\(feedCount) × \(itemsPerFeed)")
line("first pass (all items new)", ms(try seconds { try pass(store, round: 0) }))
var steady: [Double] = []
for round in 1...5 { steady.append(try seconds { try pass(store, round: round) }) }
let steadyBest = steady.min() ?? 0
line("steady pass (2 new items per feed, best of 5)",
     ms(steadyBest) + String(format: ", %.0f µs per feed", steadyBest / Double(feedCount) * 1e6))

// The same pass with 50 feeds recorded per transaction (the pipeline may group finished feeds).
let grouped = try best(of: 5) {
    round += 1
    for start in stride(from: 0, to: feedCount, by: 50) {
        try store.transaction { transaction in
            for feed in start ..< min(start + 50, feedCount) {
                try process(feed: feed, round: round, lookup: { try transaction.items(feed: $0, keys: $1) },
                            save: { try transaction.record($0) })
            }
        }
    }
}
line("steady pass, 50 feeds per transaction (best of 5)",
     ms(grouped) + String(format: ", %.0f µs per feed", grouped / Double(feedCount) * 1e6))

// A single large feed: 500 items.
let big = "https://big.example/rss"
let bigItems = listing(feed: 1_000_001, round: 0, count: 500)
let bigAlerts = bigItems.map { AlertRecord(itemKey: $0.key, alertID: "\($0.key)#hamas", actorIDs: ["hamas"], at: hour) }
line("record 500 new items + 500 alerts", ms(try seconds {
    try store.record(ItemBatch(feed: FeedRecord(url: big), seenAt: hour, items: bigItems, alerts: bigAlerts))
}))
let keys = bigItems.map(\.key)
line("items(feed:keys:) 500 known keys (best of 20)", ms(try best(of: 20) { _ = try store.items(feed: big, keys: keys) }))
line("record 500 known items (best of 20)", ms(try best(of: 20) {
    round += 1
    try store.record(ItemBatch(feed: FeedRecord(url: big), seenAt: UnixMillis(round) * hour, items: bigItems))
}))
line("isAlerted (best of 1000 calls, per call)", String(format: "%.1f µs", try best(of: 1000) {
    _ = try store.isAlerted(alertID: bigAlerts[250].alertID)
} * 1e6))
line("status() over \(feedCount + 1) feeds", ms(try best(of: 5) { _ = try store.status() }))
line("alertsSince (24 h)", ms(try best(of: 5) { _ = try store.alertsSince(0) }))
let stats = try store.storage()
line("file size", String(format: "%.1f MB (%d pages, %d free)", Double(stats.bytes) / 1e6, stats.pageCount, stats.freePages))
var pruned = 0
line("prune (items that left, older than round 3)", ms(try seconds { pruned = try store.prune(olderThan: 4 * hour) })
     + ", \(pruned) items deleted")
line("open existing file (migrated)", ms(try best(of: 5) { _ = try StateStore.open(path: path) }))
