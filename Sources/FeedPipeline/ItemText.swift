import ActorMatch
import AlertLog
import FeedParse
import FeedwatchConfig

/// The parts of an item that are matched and the fingerprint that tells whether it changed.
enum ItemText {
    /// Title, summary and content, each matched on its own (a phrase never spans two fields).
    static func fields(of item: FeedItem) -> [TextField] {
        var fields: [TextField] = []
        if let title = item.title, !title.isEmpty { fields.append(TextField(name: "title", text: title)) }
        if let summary = item.summary, !summary.isEmpty { fields.append(TextField(name: "summary", text: summary)) }
        if let content = item.content, !content.isEmpty, content != item.summary {
            fields.append(TextField(name: "content", text: content))
        }
        return fields
    }

    /// Changes when anything that can carry a mention changes (not when only a date moves), and
    /// when the watchlist changes (`watchlist` is its fingerprint): every item is then matched
    /// once more, so a newly watched actor is found in items already seen, while pairs already
    /// alerted never alert again.
    /// The language is part of it only when known, so that items of feeds that declare none keep
    /// their hash, and a language set later in the config matches those items again.
    static func contentHash(of item: FeedItem, language: String? = nil, watchlist: String) -> UInt64 {
        var parts = [watchlist, item.title ?? "", item.summary ?? "", item.content ?? "", item.link ?? ""]
        if let language { parts.append("lang:" + language) }
        return StableHash.value64(parts)
    }

    /// The language whose rules match the item: the config's `language:` for the feed, else what
    /// the feed declares; reduced to its primary subtag (`de-DE` → `de`).
    static func language(of item: FeedItem, in parsed: ParsedFeed, feed: FeedSource) -> String? {
        LanguageCode.primary(feed.language) ?? LanguageCode.primary(parsed.language)
    }
}
