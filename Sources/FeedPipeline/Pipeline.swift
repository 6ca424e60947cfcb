import ActorMatch
import AlertLog
import FeedFetch
import FeedParse
import FeedState
import FeedwatchConfig
import Foundation
import Synchronization

/// One configured set of stages — fetcher, parser, matcher, alert log, state — that turns due
/// feeds into alerts. `feedwatch once` runs one pass; the daemon runs passes over the feeds the
/// scheduler finds due.
///
/// Results stream: each feed is parsed, matched, logged and recorded as soon as its transfer
/// ends, so a slow feed never holds back alerts from the others. For every feed the alert lines
/// are written first and the state recorded after, in one transaction (see `LogRecovery`).
public final class Pipeline: Sendable {
    public let config: Config
    public let matcher: Matcher
    public let state: StateStore
    public let log: AlertLogWriter
    public let fetcher: Fetcher
    /// Counters and timers of every pass (docs/metrics.md); no-ops unless a backend is bootstrapped.
    public let metrics: PipelineMetrics
    /// How feeds are taken and results recorded: alone, or as one node of a cluster.
    public let recording: any PassRecording
    private let triage: ItemTriage
    private let pruning = Mutex(PruneSchedule(every: Pipeline.pruneEvery))

    /// The same state and alert log with a new config, matcher and fetcher (a reload).
    public func reconfigured(config: Config, matcher: Matcher, fingerprint: String? = nil, fetcher: Fetcher) -> Pipeline {
        Pipeline(config: config, matcher: matcher, state: state, log: log, fetcher: fetcher, fingerprint: fingerprint,
                 recording: recording)
    }

    /// `fingerprint` is `WatchlistFingerprint.of(matcher.watchlist)` when the caller already has it.
    public init(config: Config, matcher: Matcher, state: StateStore, log: AlertLogWriter, fetcher: Fetcher,
                fingerprint: String? = nil, recording: any PassRecording = SoloRecording()) {
        self.recording = recording
        self.config = config
        self.matcher = matcher
        self.state = state
        self.log = log
        self.fetcher = fetcher
        metrics = PipelineMetrics(perFeed: config.metrics?.perFeed ?? false)
        triage = ItemTriage(matcher: matcher, assembler: AlertAssembler(watchlist: matcher.watchlist),
                            watchlistFingerprint: fingerprint ?? WatchlistFingerprint.of(matcher.watchlist))
    }

    /// The feeds whose next due time has come (all of them with `all`).
    public func dueFeeds(all: Bool, now: Date = Date()) throws(StateError) -> [FeedSource] {
        if all { return config.feeds }
        let records = Dictionary(try state.allFeeds().map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        let nowMillis = HealthRecord.millis(now)
        return config.feeds.filter { (records[$0.url]?.nextDue ?? 0) <= nowMillis }
    }

    /// Fetches `feeds`, processing each as its transfer ends. Throws only for state errors, which
    /// stop the pass (the next start reconciles the log with the state).
    public func run(_ due: [FeedSource]) async throws -> PassSummary {
        let started = ContinuousClock.now
        var summary = PassSummary()
        // Alone every due feed is this process's; in a cluster, those it claims.
        let (feeds, epochs) = try recording.claim(due, state: state, window: Self.window(concurrency: config.fetch.concurrency),
                                                  perHost: config.fetch.perHost)
        summary.notClaimed = due.count - feeds.count
        // Every due feed held by other nodes: nothing to fetch, and nothing for this pass to prune.
        if feeds.isEmpty && !due.isEmpty { return summary }
        let sources = Dictionary(feeds.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        // One read of these feeds' records (not every feed's): the validators for the requests
        // and, later, the record each result updates.
        let records = try state.feeds(feeds.map(\.url))
        let requests = feeds.map { feed in
            let record = records[feed.url]
            return FetchRequest(source: feed, validators: Validators(etag: record?.etag, lastModified: record?.lastModified))
        }
        // Finished feeds are committed in groups: one write and fdatasync of the alert log, then
        // one state transaction, once `groupSize` feeds have finished or the oldest has waited
        // `groupDelay` — so a slow feed holds back nobody's alerts for long. While a commit runs
        // on the lane, the feeds finishing meanwhile join the next group (at most `maxPending`).
        let (events, continuation) = AsyncStream.makeStream(of: PassEvent.self)
        // Backpressure: transfers start only while the results held (running, waiting for a
        // worker, being parsed, or waiting for the serial loop) fit the window, so a network
        // faster than parsing and matching never piles up bodies in memory.
        let window = fetcher.fetch(requests, window: Self.window(concurrency: config.fetch.concurrency),
                                   deliver: { continuation.yield(.result($0)) }, finish: { continuation.yield(.end) })
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.groupDelay)
                continuation.yield(.tick)
            }
        }
        defer {
            window.cancel()
            ticker.cancel()
            continuation.finish()
        }
        var pending: [PendingFeed] = []
        // Commits run on their own thread while the pass goes on; none outlives the pass.
        let lane = CommitLane(recording: recording, context: CommitContext(state: state, log: log, metrics: metrics))
        defer { lane.wait() }
        var oldest: ContinuousClock.Instant?
        // Parsing and matching run on every core; results are handed out in arrival order, at
        // most `workers` at a time, and come back as `.prepared` events to the serial part. The
        // workers are child tasks, so none outlives the pass (nor keeps the state open after it).
        // A discarding group: a finished worker is freed at once. A plain task group keeps every
        // finished child until its result is awaited, which at 50,000 feeds was 300 MB.
        try await withThrowingDiscardingTaskGroup { group in
            var waiting: [FetchResult] = []
            var working = 0
            var fetchEnded = false
            func startWork() {
                while working < Self.workers, !waiting.isEmpty {
                    let result = waiting.removeFirst()
                    guard let source = sources[result.request.url] else {
                        window.release()
                        continue
                    }
                    let record = records[source.url] ?? FeedRecord(url: source.url)
                    working += 1
                    group.addTask {
                        let prepared = Swift.Result { try self.prepare(result, source: source, record: record) }
                        continuation.yield(.prepared(prepared))
                    }
                }
            }
            /// Hands the finished feeds to the commit lane unless it is still busy with earlier ones.
            func commitPending() throws {
                try lane.checkFailure()
                guard !pending.isEmpty, !lane.isBusy else { return }
                lane.submit(pending) { continuation.yield(.committed) }
                pending.removeAll(keepingCapacity: true)
                oldest = nil
            }
            /// The serial part for one prepared feed: bookkeeping, then a commit when the group is
            /// full. Finished feeds gather while a commit runs, up to `maxPending`; beyond that the
            /// pass waits for the lane, so they never pile up faster than the store takes them.
            func take(_ prepared: PreparedFeed) throws {
                if var entry = finish(prepared, summary: &summary) {
                    entry.epoch = epochs[entry.record.url]
                    pending.append(entry)
                    if oldest == nil { oldest = .now }
                }
                if pending.count >= Self.groupSize { try commitPending() }
                if pending.count >= Self.maxPending {
                    lane.wait()
                    try commitPending()
                }
            }
            passLoop: for await event in events {
                switch event {
                case .result(let result):
                    guard let source = sources[result.request.url] else {
                        window.release()
                        break
                    }
                    guard case .fetched = result.outcome else {
                        // Nothing to parse (304, failure): no worker needed, finished right here.
                        window.release()
                        try take(prepare(result, source: source, record: records[source.url] ?? FeedRecord(url: source.url)))
                        break
                    }
                    waiting.append(result)
                    startWork()
                case .prepared(let prepared):
                    working -= 1
                    // Its body is no longer needed (`prepare` dropped it once parsed).
                    window.release()
                    startWork()
                    try take(prepared.get())
                case .tick:
                    if let first = oldest, ContinuousClock.now - first >= Self.groupDelay { try commitPending() }
                case .committed:
                    if pending.count >= Self.groupSize {
                        try commitPending()
                    } else if let first = oldest, ContinuousClock.now - first >= Self.groupDelay {
                        try commitPending()
                    } else {
                        try lane.checkFailure()
                    }
                case .end:
                    fetchEnded = true
                }
                if fetchEnded, working == 0, waiting.isEmpty { break passLoop }
            }
        }
        lane.wait()
        try lane.checkFailure()
        if !pending.isEmpty { lane.submit(pending) {} }
        summary.absorb(commit: try lane.finish())
        // This pipeline looks at most every `pruneEvery`; the state then says whether another
        // process (an earlier `once`, another node) pruned within that time already.
        if pruning.withLock({ $0.take(now: .now) }) {
            let now = HealthRecord.millis(Date())
            _ = try state.pruneIfDue(olderThan: now - config.itemRetention.milliseconds, now: now,
                                     every: Self.pruneEvery.milliseconds)
        }
        let elapsed = ContinuousClock.now - started
        summary.seconds = elapsed.seconds
        metrics.passFinished(elapsed)
        return summary
    }

    /// Least time between two prunes of one pipeline (``PruneSchedule``), and of the state
    /// whatever uses it (``StateStore/pruneIfDue(olderThan:now:every:)``).
    static let pruneEvery: Duration = .seconds(600)

    /// Feeds that start a commit when the lane is free.
    static let groupSize = 32
    /// Most finished feeds waiting while a commit runs, before the pass waits for it.
    static let maxPending = 4 * groupSize
    /// Longest a finished feed waits for others before it is committed.
    static let groupDelay: Duration = .milliseconds(50)

    /// Parallel workers for parsing and matching: one per core.
    static let workers = UsableCores.count

    /// Results a pass holds at most: every transfer the fetch settings allow, plus two results
    /// per worker waiting their turn, so the workers never starve while the fetcher waits.
    /// Peak memory is then this many bodies, whatever the number of feeds.
    static func window(concurrency: Int) -> Int {
        max(1, concurrency) + 2 * workers
    }

    /// The part of a finished transfer that needs no ordering: parsing, reading the feed's known
    /// items, matching and encoding the alert lines. Runs on several cores at once.
    private func prepare(_ result: FetchResult, source: FeedSource, record: FeedRecord) throws -> PreparedFeed {
        let now = Date()
        var prepared = PreparedFeed(result: result, source: source, record: record, outcome: result.outcome, at: now)
        guard case .fetched(var document) = result.outcome else { return prepared }
        let parsed: ParsedFeed
        do {
            parsed = try FeedParser.parse(document.body, documentURL: result.effectiveURL,
                                          httpCharset: document.charset, maxBytes: config.fetch.maxBytes)
        } catch {
            prepared.outcome = .failed(FetchError(error.fetchKind, url: source.url, detail: error.description))
            return prepared
        }
        // Parsed: the rest of the pass needs the document's validators, not its body, which
        // can be megabytes while the prepared feed waits for the serial loop.
        document.body = []
        prepared.outcome = .fetched(document)
        prepared.result.outcome = .fetched(document)
        prepared.ttlMinutes = parsed.ttl
        let nowMillis = HealthRecord.millis(now)
        let known = try state.items(feed: source.url, keys: parsed.items.map(\.key))
        prepared.triage = triage.triage(parsed, feed: source, known: known, now: nowMillis,
                                        oldestAlerting: nowMillis - config.maxItemAge.milliseconds)
        prepared.lines = prepared.triage?.alerts.map { AlertLine.encode($0.alert) } ?? []
        return prepared
    }

    /// The serial bookkeeping of one prepared feed: its health, the pass summary, what to commit;
    /// nil when there is nothing to record.
    private func finish(_ prepared: PreparedFeed, summary: inout PassSummary) -> PendingFeed? {
        let outcome = prepared.outcome, source = prepared.source, record = prepared.record
        // A transfer cancelled by shutdown says nothing about the feed: leave its record alone.
        if case .failed(let error) = outcome, error.kind == .cancelled {
            metrics.fetched(prepared.result, outcome: outcome, honouredRetryAfter: false)
            return nil
        }
        let interval = source.interval ?? config.interval
        let ttl = prepared.ttlMinutes.map { Duration.seconds($0 * 60) }
        let health = HealthRecord.health(of: record, now: prepared.at)
            .advanced(by: outcome, interval: interval, feedTTL: ttl, now: prepared.at)
        let updated = HealthRecord.updated(record, health: health, result: prepared.result, outcome: outcome,
                                           now: prepared.at)
        let honoured = outcome.error.map { FeedHealth.honoursRetryAfter($0, failing: updated.isFailing) } ?? false
        metrics.fetched(prepared.result, outcome: outcome, honouredRetryAfter: honoured)
        metrics.feedRecorded(updated)
        summary.count(outcome, url: source.url)
        if updated.isFailing, !record.isFailing, let reason = updated.failingReason {
            summary.nowFailing.append(PassSummary.Failure(url: source.url, message: reason))
        } else if record.isFailing, !updated.isFailing {
            summary.recovered.append(source.url)
        }
        if let redirect = prepared.result.permanentRedirect, redirect != record.permanentRedirect {
            summary.permanentRedirects.append((source.url, redirect))
        }
        let seenAt = HealthRecord.millis(prepared.at)
        guard let result = prepared.triage else {
            return PendingFeed(record: updated, seen: nil, seenAt: seenAt, alerts: [], lines: [])
        }
        summary.newItems += result.newItems
        summary.changedItems += result.changedItems
        metrics.items(new: result.newItems, changed: result.changedItems)
        return PendingFeed(record: updated, seen: result.seen, seenAt: seenAt, alerts: result.alerts,
                           lines: prepared.lines)
    }

}

/// What the pass loop waits for: a finished transfer, a prepared one, a commit tick, or the end
/// of the batch.
enum PassEvent: Sendable {
    case result(FetchResult)
    case prepared(Result<PreparedFeed, any Error>)
    case tick
    /// The commit lane finished a commit.
    case committed
    case end
}

/// A finished transfer after parsing and matching, before the serial bookkeeping.
struct PreparedFeed: Sendable {
    var result: FetchResult
    var source: FeedSource
    var record: FeedRecord
    /// The fetch outcome, or the parse failure that replaced it.
    var outcome: FeedFetch.FetchOutcome
    var at: Date
    var ttlMinutes: Int?
    /// Nil when nothing was parsed (304, failure).
    var triage: ItemTriage.Result?
    /// One encoded alert line per `triage.alerts` entry.
    var lines: [[UInt8]] = []
}

/// One feed's processed result, waiting to be committed with others.
public struct PendingFeed: Sendable {
    var record: FeedRecord
    /// The lease's epoch in a cluster (nil alone): the commit records the feed only if it still holds.
    var epoch: Int64?
    /// Every item of the parse; nil for a feed with nothing parsed (304, failure): only its record is saved.
    var seen: [SeenItem]?
    var seenAt: Int64
    var alerts: [(itemKey: String, alert: Alert)]
    /// The alerts' encoded lines, in the same order.
    var lines: [[UInt8]]
}

extension PassSummary {
    mutating func count(_ outcome: FeedFetch.FetchOutcome, url: String) {
        switch outcome {
        case .fetched: fetched += 1
        case .notModified: notModified += 1
        case .failed(let error): failures.append(Failure(url: url, message: error.message))
        }
    }
}

extension FeedParseError {
    /// How the fetch policy classifies a body that could not be used.
    var fetchKind: FetchError.Kind {
        switch self {
        case .tooLarge: .tooLarge
        case .notAFeed: .notAFeed
        case .malformedJSON, .hostile: .parse
        }
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
