import FeedState
import FeedwatchConfig
import Foundation
import Metrics

/// The daemon's scheduler state: which feeds are due, from a `DueSchedule` filled from the state
/// file once (at start, at reload) and then only from the records each pass wrote for its own
/// feeds. Asking what is due never touches the state, so an idle daemon costs nothing per tick
/// however many feeds it watches.
public struct FeedScheduler: Sendable {
    private var schedule: DueSchedule
    private let state: StateStore
    /// How late each due feed starts (`feedwatch_scheduler_lag_seconds`).
    private let lag = Timer(label: "feedwatch_scheduler_lag_seconds")

    /// Every feed of `feeds` not in `inFlight`, due when its record says.
    public init(feeds: [FeedSource], state: StateStore, inFlight: Set<String> = [], now: Date = Date()) throws(StateError) {
        self.state = state
        let records = Dictionary(try state.allFeeds().map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        schedule = DueSchedule(feeds: feeds, records: records, inFlight: inFlight, now: HealthRecord.millis(now))
    }

    /// The feeds due at `now`, taken out of the schedule until `finished`.
    public mutating func takeDue(now: Date = Date()) -> [FeedSource] {
        let lag = self.lag
        return schedule.takeDue(now: HealthRecord.millis(now)) { lag.recordMilliseconds($0) }
    }

    /// How long until the next feed is due (zero when one is due now), nil when all are in flight.
    public mutating func untilNextDue(now: Date = Date()) -> Duration? {
        schedule.nextDue().map { .milliseconds(max(0, $0 - HealthRecord.millis(now))) }
    }

    /// A pass over `feeds` ended: reads their records (only theirs) and schedules them again.
    public mutating func finished(_ feeds: [FeedSource], now: Date = Date()) throws(StateError) {
        let urls = feeds.map(\.url)
        schedule.finished(urls, records: try state.feeds(urls), now: HealthRecord.millis(now))
    }

    public var feedCount: Int { schedule.feedCount }
    public var failingCount: Int { schedule.failingCount }
    /// Feeds whose last fetch failed, waiting for their backoff.
    public var backoffCount: Int { schedule.backoffCount }
}
