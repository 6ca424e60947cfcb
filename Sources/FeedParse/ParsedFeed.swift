import FoundationEssentials

/// The syndication format a document turned out to be, detected from its content (root element
/// and namespace, or the JSON Feed `version`), never from a URL or a Content-Type.
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    case rss090 = "rss-0.90"
    case rss091 = "rss-0.91"
    case rss092 = "rss-0.92"
    case rss2 = "rss-2.0"
    case rss1 = "rss-1.0"
    case atom03 = "atom-0.3"
    case atom10 = "atom-1.0"
    case jsonFeed10 = "json-feed-1.0"
    case jsonFeed11 = "json-feed-1.1"
    /// Microsoft's Channel Definition Format (`<CHANNEL>`/`<ITEM HREF>`), which feedparser still
    /// reads; added last so stored indexes of the other formats keep their meaning.
    case cdf = "cdf"
}

/// Everything the daemon needs from one fetched feed document.
public struct ParsedFeed: Sendable, Equatable, Codable {
    public var format: FeedFormat
    public var title: String?
    /// The site the feed belongs to, resolved to an absolute URL when a base was known.
    public var link: String?
    public var language: String?
    /// RSS `<ttl>`: how many minutes the publisher asks readers to cache the feed; the fetch
    /// policy uses it as a lower bound on the polling interval.
    public var ttl: Int?
    public var items: [FeedItem]
    /// What was wrong with the document but did not stop parsing (malformed XML, bad dates,
    /// replaced bytes), one line each, so operators can tell publishers what to fix.
    public var warnings: [String]

    public init(format: FeedFormat, title: String? = nil, link: String? = nil, language: String? = nil,
                ttl: Int? = nil, items: [FeedItem] = [], warnings: [String] = []) {
        self.format = format
        self.title = title
        self.link = link
        self.language = language
        self.ttl = ttl
        self.items = items
        self.warnings = warnings
    }
}

/// One entry of a feed. Text fields are plain text: HTML has been converted, and block
/// boundaries are `"\n"`, which the matching stage treats as phrase boundaries.
public struct FeedItem: Sendable, Equatable, Codable {
    /// Stable identity of the item across fetches: the id when present and unique in the
    /// document, else the link, else a hash of title, date and summary; an id repeated on
    /// different items is qualified with the item's link.
    public var key: String
    /// The publisher's id (RSS `guid`, Atom `id`, RDF `rdf:about`, JSON `id`).
    public var guid: String?
    public var link: String?
    public var title: String?
    public var summary: String?
    public var content: String?
    public var authors: [String]
    public var categories: [String]
    public var published: Date?
    public var updated: Date?
    /// Text from secondary elements (`itunes:summary`, `media:description`, `dc:description`, …)
    /// that differs from the title, summary and content: a mention only there is still a mention,
    /// so the matcher reads these too. Empty for most items.
    public var extraText: [String] = []
    /// The item's language: its own `xml:lang` (or `dc:language`), else the `xml:lang` of its
    /// text constructs, else the feed's. Primary subtag only, lower-cased (`de-DE` → `de`); nil
    /// when none is declared or the tag is not 2–3 letters.
    public var language: String?

    public init(key: String, guid: String? = nil, link: String? = nil, title: String? = nil, summary: String? = nil,
                content: String? = nil, authors: [String] = [], categories: [String] = [],
                published: Date? = nil, updated: Date? = nil) {
        self.key = key
        self.guid = guid
        self.link = link
        self.title = title
        self.summary = summary
        self.content = content
        self.authors = authors
        self.categories = categories
        self.published = published
        self.updated = updated
    }
}

extension FeedItem {
    private enum CodingKeys: String, CodingKey {
        case key, guid, link, title, summary, content, authors, categories, published, updated, extraText, language
    }

    /// Decodes items written before `extraText` and `language` existed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .key)
        guid = try container.decodeIfPresent(String.self, forKey: .guid)
        link = try container.decodeIfPresent(String.self, forKey: .link)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        summary = try container.decodeIfPresent(String.self, forKey: .summary)
        content = try container.decodeIfPresent(String.self, forKey: .content)
        authors = try container.decodeIfPresent([String].self, forKey: .authors) ?? []
        categories = try container.decodeIfPresent([String].self, forKey: .categories) ?? []
        published = try container.decodeIfPresent(Date.self, forKey: .published)
        updated = try container.decodeIfPresent(Date.self, forKey: .updated)
        extraText = try container.decodeIfPresent([String].self, forKey: .extraText) ?? []
        language = try container.decodeIfPresent(String.self, forKey: .language)
    }

    /// Omits `extraText` when empty, so items without it encode as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encodeIfPresent(guid, forKey: .guid)
        try container.encodeIfPresent(link, forKey: .link)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(summary, forKey: .summary)
        try container.encodeIfPresent(content, forKey: .content)
        try container.encode(authors, forKey: .authors)
        try container.encode(categories, forKey: .categories)
        try container.encodeIfPresent(published, forKey: .published)
        try container.encodeIfPresent(updated, forKey: .updated)
        if !extraText.isEmpty { try container.encode(extraText, forKey: .extraText) }
        try container.encodeIfPresent(language, forKey: .language)
    }
}
