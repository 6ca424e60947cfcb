/// Milliseconds since 1970-01-01 UTC: the one time unit of the state API, so the store needs no
/// Foundation and times survive a round trip through SQLite exactly.
public typealias UnixMillis = Int64

/// How the last fetch of a feed ended, as the fetch policy classified it.
public enum FetchOutcome: String, Sendable, Hashable, CaseIterable {
    /// 200: new content was received (and parsed).
    case ok
    /// 304: the validators matched; counts as a success.
    case notModified = "not_modified"
    /// Any failure; the record's error fields say which.
    case failed
}

/// Everything feedwatch remembers about one feed between fetches, keyed by the URL written in
/// the config (not a redirect target), so editing the config is the only way to lose it.
///
/// The fetch policy reads it to send conditional requests and to continue a backoff across
/// restarts; the pipeline writes the updated value back with ``StateStore/saveFeed(_:)`` or
/// inside an ``ItemBatch``.
public struct FeedRecord: Sendable, Hashable {
    /// The feed's URL as written in the config.
    public var url: String
    /// `ETag` of the last 200 response, sent back as `If-None-Match`.
    public var etag: String?
    /// `Last-Modified` of the last 200 response, sent back as `If-Modified-Since`.
    public var lastModified: String?
    /// How the last fetch ended; nil until the feed was fetched once.
    public var lastStatus: FetchOutcome?
    /// When the last fetch finished, whatever its outcome.
    public var lastAttempt: UnixMillis?
    /// When a fetch last succeeded (200 or 304).
    public var lastSuccess: UnixMillis?
    /// One-line human message of the last failure, kept after a success for `feedwatch status`.
    public var lastError: String?
    /// Stable class of the last failure (e.g. `dns`, `http`, `timeout`), for grouping and alerts on alerts.
    public var errorKind: String?
    /// Failures since the last success; drives the exponential backoff across restarts.
    public var consecutiveFailures: Int
    /// Why the feed is marked failing (410 Gone, too many failures); nil while it is healthy.
    /// A failing feed is still retried at the backoff cap, never silently dropped.
    public var failingReason: String?
    /// When the feed should be fetched next; nil means as soon as possible.
    public var nextDue: UnixMillis?
    /// Where a 301/308 chain said the feed now lives; the config is never rewritten, so this is
    /// reported to the operator and may be fetched instead of ``url``.
    public var permanentRedirect: String?
    /// Fetches attempted since the feed was first recorded.
    public var fetches: Int
    /// Failed fetches since the feed was first recorded.
    public var failures: Int
    /// Distinct items ever recorded for this feed. Maintained by the store from recorded batches
    /// (``StateStore/saveFeed(_:)`` ignores it), so a retried or recovered batch never counts twice.
    public package(set) var itemsSeen: Int
    /// Alert lines recorded for this feed; maintained by the store like ``itemsSeen``.
    public package(set) var alertsWritten: Int

    /// A feed never fetched before: no validators, no failures, due at once.
    public init(url: String, etag: String? = nil, lastModified: String? = nil, lastStatus: FetchOutcome? = nil,
                lastAttempt: UnixMillis? = nil, lastSuccess: UnixMillis? = nil, lastError: String? = nil,
                errorKind: String? = nil, consecutiveFailures: Int = 0, failingReason: String? = nil,
                nextDue: UnixMillis? = nil, permanentRedirect: String? = nil, fetches: Int = 0, failures: Int = 0) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.lastStatus = lastStatus
        self.lastAttempt = lastAttempt
        self.lastSuccess = lastSuccess
        self.lastError = lastError
        self.errorKind = errorKind
        self.consecutiveFailures = consecutiveFailures
        self.failingReason = failingReason
        self.nextDue = nextDue
        self.permanentRedirect = permanentRedirect
        self.fetches = fetches
        self.failures = failures
        self.itemsSeen = 0
        self.alertsWritten = 0
    }

    /// True when the feed is marked failing; the status command and log say so.
    public var isFailing: Bool { failingReason != nil }
}

/// One row of `feedwatch status`: the feed's record plus what only the store can count.
public struct FeedStatus: Sendable, Hashable {
    /// The feed as last saved.
    public var feed: FeedRecord
    /// Items currently remembered for the feed (after pruning), i.e. what the state file holds.
    public var storedItems: Int

    /// Cluster mode: the node fetching the feed right now (its lease is valid), else nil.
    public var leaseOwner: String?

    /// Builds a row; the store returns these from ``StateStore/status()``.
    public init(feed: FeedRecord, storedItems: Int, leaseOwner: String? = nil) {
        self.feed = feed
        self.storedItems = storedItems
        self.leaseOwner = leaseOwner
    }
}

/// Size of the state file, so `feedwatch status` and tests can show that pruning bounds it.
public struct StorageStats: Sendable, Hashable {
    /// Database pages in the main file (WAL frames not yet checkpointed are not counted).
    public var pageCount: Int
    /// Pages on the free list, reused by later writes before the file grows.
    public var freePages: Int
    /// Bytes per page.
    public var pageSize: Int

    /// Bytes the main file occupies.
    public var bytes: Int { pageCount * pageSize }

    /// Builds the figures; each engine reads them its own way.
    public init(pageCount: Int, freePages: Int, pageSize: Int) {
        self.pageCount = pageCount
        self.freePages = freePages
        self.pageSize = pageSize
    }
}
