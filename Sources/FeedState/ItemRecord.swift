/// What the store remembers about one item of a feed: enough to tell a new item from a changed
/// one and to never alert the same (item, actor) pair twice.
public struct ItemRecord: Sendable, Hashable {
    /// The item's stable key within its feed (from the parser: guid, else link, else a digest).
    public var key: String
    /// Digest of the item's matchable content when last recorded; a different digest means the
    /// item changed and is matched again. Nil when the item is known only from the alert log
    /// (crash recovery), so the next sight of it is treated as a change.
    public var contentHash: UInt64?
    /// When the item was first recorded.
    public var firstSeen: UnixMillis
    /// When a parse of its feed last contained it; pruning measures retention from here.
    public var lastSeen: UnixMillis
    /// The item's own publication time, if it had one.
    public var published: UnixMillis?
    /// Actors already alerted for this item: actor id → id of the alert line that covered it.
    public var alerted: [String: String]

    /// Builds a record; the store returns these from ``StateStore/items(feed:keys:)``.
    public init(key: String, contentHash: UInt64?, firstSeen: UnixMillis, lastSeen: UnixMillis,
                published: UnixMillis? = nil, alerted: [String: String] = [:]) {
        self.key = key
        self.contentHash = contentHash
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.published = published
        self.alerted = alerted
    }
}

/// One item as a parse of its feed produced it.
public struct SeenItem: Sendable, Hashable {
    /// Stable key within the feed.
    public var key: String
    /// Digest of the matchable content (a stable hash such as FNV-1a, never Swift's seeded `Hasher`).
    public var contentHash: UInt64
    /// Publication time, if the feed gave one.
    public var published: UnixMillis?

    /// Describes one parsed item.
    public init(key: String, contentHash: UInt64, published: UnixMillis? = nil) {
        self.key = key
        self.contentHash = contentHash
        self.published = published
    }
}

/// One alert line that was written (or found in the log during crash recovery): which item of
/// the feed, which actors it covered, and its deterministic id.
public struct AlertRecord: Sendable, Hashable {
    /// Key of the alerted item within its feed.
    public var itemKey: String
    /// The line's `id`; indexed so recovery can ask ``StateStore/isAlerted(alertID:)`` cheaply.
    public var alertID: String
    /// Actor ids the line covered; each (item, actor) pair is recorded once, first id wins.
    public var actorIDs: [String]
    /// When the line was written (its `detected` time).
    public var at: UnixMillis

    /// Describes one alert line.
    public init(itemKey: String, alertID: String, actorIDs: [String], at: UnixMillis) {
        self.itemKey = itemKey
        self.alertID = alertID
        self.actorIDs = actorIDs
        self.at = at
    }
}

/// Everything one successful parse of a feed changes, recorded in a single transaction so a
/// crash at any instant leaves either all of it or none of it.
public struct ItemBatch: Sendable, Hashable {
    /// The feed's updated record (validators, status, due time, counters).
    public var feed: FeedRecord
    /// The time of this parse: every listed item's `lastSeen`, and `firstSeen` for new ones.
    public var seenAt: UnixMillis
    /// Every item the parse produced, not only new or changed ones: an item missing here has
    /// left the feed, and only such items are ever pruned.
    public var items: [SeenItem]
    /// Alert lines written for this feed's items in this pass.
    public var alerts: [AlertRecord]

    /// Describes one parse's worth of changes.
    public init(feed: FeedRecord, seenAt: UnixMillis, items: [SeenItem], alerts: [AlertRecord] = []) {
        self.feed = feed
        self.seenAt = seenAt
        self.items = items
        self.alerts = alerts
    }
}
