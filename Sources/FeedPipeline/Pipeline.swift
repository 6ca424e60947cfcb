import ActorMatch
import AlertLog
import FeedFetch
import FeedParse
import FeedState
import FeedwatchConfig
import Foundation

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
    private let triage: ItemTriage

    /// The same state and alert log with a new config, matcher and fetcher (a reload).
    public func reconfigured(config: Config, matcher: Matcher, fetcher: Fetcher) -> Pipeline {
        Pipeline(config: config, matcher: matcher, state: state, log: log, fetcher: fetcher)
    }

    public init(config: Config, matcher: Matcher, state: StateStore, log: AlertLogWriter, fetcher: Fetcher) {
        self.config = config
        self.matcher = matcher
        self.state = state
        self.log = log
        self.fetcher = fetcher
        triage = ItemTriage(matcher: matcher, assembler: AlertAssembler(watchlist: matcher.watchlist),
                            watchlistFingerprint: WatchlistFingerprint.of(matcher.watchlist))
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
    public func run(_ feeds: [FeedSource]) async throws -> PassSummary {
        let started = ContinuousClock.now
        var summary = PassSummary()
        let sources = Dictionary(feeds.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        // One read of every feed record: the validators for the requests and, later, the
        // record each result updates.
        let records = Dictionary(try state.allFeeds().map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        let requests = feeds.map { feed in
            let record = records[feed.url]
            return FetchRequest(source: feed, validators: Validators(etag: record?.etag, lastModified: record?.lastModified))
        }
        // Finished feeds are committed in groups: one write and fdatasync of the alert log, then
        // one state transaction, for up to `groupSize` feeds or whatever finished within
        // `groupDelay` — so a slow feed holds back nobody's alerts for longer than that.
        let (events, continuation) = AsyncStream.makeStream(of: PassEvent.self)
        let results = fetcher.fetch(requests)
        let forward = Task {
            for await result in results { continuation.yield(.result(result)) }
            continuation.yield(.end)
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.groupDelay)
                continuation.yield(.tick)
            }
        }
        defer {
            forward.cancel()
            ticker.cancel()
            continuation.finish()
        }
        var pending: [PendingFeed] = []
        var oldest: ContinuousClock.Instant?
        passLoop: for await event in events {
            switch event {
            case .result(let result):
                guard let source = sources[result.request.url] else { continue }
                let record = records[source.url] ?? FeedRecord(url: source.url)
                if let entry = try process(result, source: source, record: record, summary: &summary) {
                    pending.append(entry)
                    if oldest == nil { oldest = .now }
                }
                if pending.count >= Self.groupSize {
                    try commit(&pending, summary: &summary)
                    oldest = nil
                }
            case .tick:
                if let first = oldest, ContinuousClock.now - first >= Self.groupDelay {
                    try commit(&pending, summary: &summary)
                    oldest = nil
                }
            case .end:
                break passLoop
            }
        }
        try commit(&pending, summary: &summary)
        _ = try state.prune(olderThan: HealthRecord.millis(Date()) - config.itemRetention.milliseconds)
        summary.seconds = (ContinuousClock.now - started).seconds
        return summary
    }

    /// Most feeds a commit groups together.
    static let groupSize = 32
    /// Longest a finished feed waits for others before it is committed.
    static let groupDelay: Duration = .milliseconds(50)

    /// Parses, triages and prepares one finished transfer; nil when there is nothing to record.
    private func process(_ result: FetchResult, source: FeedSource, record: FeedRecord,
                         summary: inout PassSummary) throws -> PendingFeed? {
        let now = Date()
        var outcome = result.outcome
        var parsed: ParsedFeed?
        if case .fetched(let document) = outcome {
            do {
                parsed = try FeedParser.parse(document.body, documentURL: result.effectiveURL,
                                              httpCharset: document.charset, maxBytes: config.fetch.maxBytes)
            } catch {
                outcome = .failed(FetchError(error.fetchKind, url: source.url, detail: error.description))
            }
        }
        // A transfer cancelled by shutdown says nothing about the feed: leave its record alone.
        if case .failed(let error) = outcome, error.kind == .cancelled { return nil }
        let interval = source.interval ?? config.interval
        let ttl = parsed?.ttl.map { Duration.seconds($0 * 60) }
        let health = HealthRecord.health(of: record, now: now).advanced(by: outcome, interval: interval, feedTTL: ttl, now: now)
        let updated = HealthRecord.updated(record, health: health, result: result, outcome: outcome, now: now)
        summary.count(outcome, url: source.url)
        if updated.isFailing, !record.isFailing, let reason = updated.failingReason {
            summary.nowFailing.append(PassSummary.Failure(url: source.url, message: reason))
        } else if record.isFailing, !updated.isFailing {
            summary.recovered.append(source.url)
        }
        if let redirect = result.permanentRedirect, redirect != record.permanentRedirect {
            summary.permanentRedirects.append((source.url, redirect))
        }
        guard let parsed else {
            return PendingFeed(record: updated, seen: nil, seenAt: HealthRecord.millis(now), alerts: [])
        }
        let nowMillis = HealthRecord.millis(now)
        let known = try state.items(feed: source.url, keys: parsed.items.map(\.key))
        let result = triage.triage(parsed, feed: source, known: known, now: nowMillis,
                                   oldestAlerting: nowMillis - config.maxItemAge.milliseconds)
        summary.newItems += result.newItems
        summary.changedItems += result.changedItems
        return PendingFeed(record: updated, seen: result.seen, seenAt: nowMillis, alerts: result.alerts)
    }

    /// Writes the alert lines of every pending feed, then records them all in one transaction.
    ///
    /// Items whose alert did not make it into the log (disk full) stay unrecorded, or keep their
    /// old fingerprint, so the next pass finds them again and writes the alert then.
    private func commit(_ pending: inout [PendingFeed], summary: inout PassSummary) throws {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        let lines = pending.flatMap { $0.alerts.map { AlertLine.encode($0.alert) } }
        var written = lines.count
        do {
            try log.append(lines)
        } catch {
            written = error.written
            summary.alertLogError = error.description
        }
        summary.alertsWritten += written
        summary.alertsDeferred += lines.count - written
        var remaining = written
        let entries = pending.map { entry in
            var entry = entry
            let kept = min(remaining, entry.alerts.count)
            remaining -= kept
            if kept < entry.alerts.count {
                let unwritten = Set(entry.alerts[kept...].map(\.itemKey))
                entry.seen?.removeAll { unwritten.contains($0.key) }
                entry.alerts.removeLast(entry.alerts.count - kept)
            }
            return entry
        }
        try state.transaction { transaction in
            for entry in entries {
                guard let seen = entry.seen else {
                    try transaction.saveFeed(entry.record)
                    continue
                }
                let alerts = entry.alerts.map {
                    AlertRecord(itemKey: $0.itemKey, alertID: $0.alert.id, actorIDs: $0.alert.actors.map(\.id),
                                at: entry.seenAt)
                }
                try transaction.record(ItemBatch(feed: entry.record, seenAt: entry.seenAt, items: seen, alerts: alerts))
            }
        }
    }
}

/// What the pass loop waits for: a finished transfer, a commit tick, or the end of the batch.
enum PassEvent: Sendable {
    case result(FetchResult)
    case tick
    case end
}

/// One feed's processed result, waiting to be committed with others.
struct PendingFeed: Sendable {
    var record: FeedRecord
    /// Every item of the parse; nil for a feed with nothing parsed (304, failure): only its record is saved.
    var seen: [SeenItem]?
    var seenAt: Int64
    var alerts: [(itemKey: String, alert: Alert)]
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
