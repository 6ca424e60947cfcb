import FeedPipeline
import FeedState
import FeedwatchConfig
import Foundation
import Testing
import TestSupport

/// The daemon's scheduler against a real state file with 10,000 feeds: an idle tick reads no
/// record, a pass reads only its own feeds' records, and due times survive a restart and a
/// reload.
struct SchedulerTests {
    static let base = Date(timeIntervalSince1970: 1_800_000_000)
    static let count = 10_000

    static func feeds(_ count: Int = count, extra: Int = 0) -> [FeedSource] {
        (0..<(count + extra)).map {
            FeedSource(url: "https://feeds\($0 % 97).example/\($0).xml", origin: .url,
                       location: SourceLocation(file: "c.yaml", line: $0 + 1, column: 5))
        }
    }

    /// Feed `n` is due `n` seconds after `base`; every 10th is failing.
    static func makeState(_ dir: TemporaryDirectory) throws -> StateStore {
        let state = try StateStore.open(path: dir.path + "/state.sqlite")
        try state.transaction { transaction in
            for (index, feed) in feeds().enumerated() {
                try transaction.saveFeed(FeedRecord(
                    url: feed.url, consecutiveFailures: index % 10 == 0 ? 5 : 0,
                    failingReason: index % 10 == 0 ? "HTTP 500" : nil,
                    nextDue: millis(base) + Int64(index) * 1000))
            }
        }
        return state
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    @Test func anIdleTickReadsNothingAndAPassReadsOnlyItsFeeds() throws {
        let dir = try TemporaryDirectory()
        let state = try Self.makeState(dir)
        let before = state.feedRecordsRead
        var scheduler = try FeedScheduler(feeds: Self.feeds(), state: state, now: Self.base)
        #expect(state.feedRecordsRead - before == Self.count, "the start reads every record once")
        #expect(scheduler.failingCount == Self.count / 10)

        // Nothing more is due until base + 1 s: a thousand ticks read nothing.
        let _ = scheduler.takeDue(now: Self.base)  // feed 0, due at base
        let afterStart = state.feedRecordsRead
        for tick in 0..<1000 {
            #expect(scheduler.takeDue(now: Self.base.addingTimeInterval(Double(tick) / 2000)).isEmpty)
        }
        #expect(state.feedRecordsRead == afterStart)
        #expect(scheduler.untilNextDue(now: Self.base) == .seconds(1))

        // Ten seconds later feeds 1...10 are due: exactly those, in due order.
        let due = scheduler.takeDue(now: Self.base.addingTimeInterval(10))
        #expect(due.map(\.url) == Self.feeds()[1...10].map(\.url))
        #expect(state.feedRecordsRead == afterStart)

        // Their pass ends: only their records are read, and they are due again as recorded.
        try state.transaction { transaction in
            for feed in due { try transaction.saveFeed(FeedRecord(url: feed.url, nextDue: Self.millis(Self.base) + 3_600_000)) }
        }
        try scheduler.finished(due, now: Self.base.addingTimeInterval(10))
        #expect(state.feedRecordsRead - afterStart == due.count)
        #expect(scheduler.failingCount == Self.count / 10 - 1, "feed 10 recovered")
        let next = scheduler.takeDue(now: Self.base.addingTimeInterval(12))
        #expect(next.map(\.url) == Self.feeds()[11...12].map(\.url))
    }

    @Test func dueTimesSurviveARestart() throws {
        let dir = try TemporaryDirectory()
        _ = try Self.makeState(dir)
        // A new process: the state file opened again.
        let reopened = try StateStore.open(path: dir.path + "/state.sqlite")
        var scheduler = try FeedScheduler(feeds: Self.feeds(), state: reopened, now: Self.base.addingTimeInterval(-60))
        #expect(scheduler.takeDue(now: Self.base.addingTimeInterval(-1)).isEmpty, "nothing fires at once")
        #expect(scheduler.takeDue(now: Self.base.addingTimeInterval(4.5)).count == 5)
        #expect(scheduler.untilNextDue(now: Self.base.addingTimeInterval(4.5)) == .milliseconds(500))
    }

    @Test func aReloadKeepsEveryDueTimeAndSchedulesNewFeedsNow() throws {
        let dir = try TemporaryDirectory()
        let state = try Self.makeState(dir)
        var scheduler = try FeedScheduler(feeds: Self.feeds(), state: state, now: Self.base)
        let inFlight = Set(scheduler.takeDue(now: Self.base.addingTimeInterval(2)).map(\.url))
        #expect(inFlight.count == 3)
        // The reload: the same 10,000 feeds plus two new ones, three of the old still in flight.
        let now = Self.base.addingTimeInterval(2.5)
        var reloaded = try FeedScheduler(feeds: Self.feeds(extra: 2), state: state, inFlight: inFlight, now: now)
        #expect(reloaded.feedCount == Self.count + 2)
        #expect(reloaded.takeDue(now: now).map(\.url) == Self.feeds(extra: 2).suffix(2).map(\.url))
        var times: [String] = []
        for second in 3..<(Self.count) where second % 1000 == 0 || second < 6 {
            times += reloaded.takeDue(now: Self.base.addingTimeInterval(Double(second))).map(\.url)
        }
        // Feeds keep their order and times: 3, 4, 5, then up to each thousandth.
        #expect(Array(times.prefix(3)) == Self.feeds()[3...5].map(\.url))
        #expect(times.count == 8998, "feeds 3 ... 9000")
        // The in-flight feeds come back when their pass ends, not before.
        #expect(!times.contains { inFlight.contains($0) })
        try reloaded.finished(Self.feeds()[0...2].map { $0 }, now: now)
        #expect(Set(reloaded.takeDue(now: Self.base.addingTimeInterval(3)).map(\.url)) == inFlight)
    }
}
