/// One line of the alert log: an item and the watched actors newly found in it.
///
/// The layout is a public contract (docs/alerts.md, docs/alert.schema.json): analysts keep `jq`
/// filters and downstream tools on it for years, so fields are only ever added.
public struct Alert: Sendable, Hashable {
    /// Format version of the line.
    public static let version = 1

    /// Deterministic: the same feed, item and actors always give the same id (`AlertID`), so a
    /// consumer can de-duplicate and crash recovery can recognise lines already written.
    public var id: String
    /// When feedwatch found the mentions, in Unix milliseconds.
    public var detected: Int64
    public var feed: FeedInfo
    public var item: ItemInfo
    /// False on an item's first alert; true when a changed item brought new actors.
    public var update: Bool
    public var actors: [ActorInfo]

    public init(id: String, detected: Int64, feed: FeedInfo, item: ItemInfo, update: Bool, actors: [ActorInfo]) {
        self.id = id
        self.detected = detected
        self.feed = feed
        self.item = item
        self.update = update
        self.actors = actors
    }

    public struct FeedInfo: Sendable, Hashable {
        public var url: String
        public var title: String?
        public var tags: [String]

        public init(url: String, title: String?, tags: [String]) {
            self.url = url
            self.title = title
            self.tags = tags
        }
    }

    public struct ItemInfo: Sendable, Hashable {
        /// The item's stable identity within its feed (the parser's key).
        public var key: String
        public var guid: String?
        public var link: String?
        public var title: String?
        /// Unix milliseconds.
        public var published: Int64?
        public var authors: [String]
        /// The item's language (primary subtag: `de`, `ar`), from the config or the feed; nil when
        /// neither says.
        public var language: String?

        public init(key: String, guid: String?, link: String?, title: String?, published: Int64?, authors: [String],
                    language: String? = nil) {
            self.key = key
            self.guid = guid
            self.link = link
            self.title = title
            self.published = published
            self.authors = authors
            self.language = language
        }
    }

    public struct ActorInfo: Sendable, Hashable {
        public var id: String
        public var name: String
        public var kind: String
        public var tags: [String]
        public var mentions: [Mention]
        /// Mentions left out to keep the line under `AlertLine.maximumBytes`.
        public var omittedMentions: Int

        public init(id: String, name: String, kind: String, tags: [String], mentions: [Mention], omittedMentions: Int = 0) {
            self.id = id
            self.name = name
            self.kind = kind
            self.tags = tags
            self.mentions = mentions
            self.omittedMentions = omittedMentions
        }
    }

    public struct Mention: Sendable, Hashable {
        /// The alias as written in the watchlist.
        public var alias: String
        /// The text as it stands in the item.
        public var text: String
        /// title, summary or content.
        public var field: String
        /// Offset in Unicode scalars into the field's plain text.
        public var offset: Int
        /// About 160 characters around the mention, cut at word boundaries.
        public var context: String
        /// The language or script rule that read `text` as the alias (`ו + חמאס`); nil when the
        /// text is the alias as written.
        public var reading: String?

        public init(alias: String, text: String, field: String, offset: Int, context: String, reading: String? = nil) {
            self.alias = alias
            self.text = text
            self.field = field
            self.offset = offset
            self.context = context
            self.reading = reading
        }
    }
}
