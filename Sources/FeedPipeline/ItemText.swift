import ActorMatch
import AlertLog
import FeedParse
import FeedwatchConfig

/// The parts of an item that are matched and the fingerprint that tells whether it changed.
enum ItemText {
    /// Title, summary, content and then each extra text, each matched on its own (a phrase
    /// never spans two fields).
    static func fields(of item: FeedItem) -> [TextField] {
        var fields: [TextField] = []
        if let title = item.title, !title.isEmpty { fields.append(TextField(name: "title", text: title)) }
        if let summary = item.summary, !summary.isEmpty { fields.append(TextField(name: "summary", text: summary)) }
        if let content = item.content, !content.isEmpty, content != item.summary {
            fields.append(TextField(name: "content", text: content))
        }
        // Secondary elements (`itunes:summary`, `media:description`, …) that said something else.
        for extra in item.extraText where !extra.isEmpty { fields.append(TextField(name: "extra", text: extra)) }
        return fields
    }

    /// Changes when anything that can carry a mention changes (not when only a date moves), and
    /// when the watchlist changes (`watchlist` is its fingerprint): every item is then matched
    /// once more, so a newly watched actor is found in items already seen, while pairs already
    /// alerted never alert again.
    /// Extra texts and the language join only when present, so items without them keep the
    /// hash they had; a language set later in the config matches those items again.
    static func contentHash(of item: FeedItem, language: String? = nil, watchlist: String) -> UInt64 {
        var parts = [watchlist, item.title ?? "", item.summary ?? "", item.content ?? "", item.link ?? ""]
        parts += item.extraText
        if let language { parts.append("lang:" + language) }
        return StableHash.value64(parts)
    }

    /// The language whose rules match the item: the config's `language:` for the feed, else the
    /// item's, which the parser already resolved (its own `xml:lang`, else the feed's declared
    /// language) and reduced to the primary subtag.
    static func language(of item: FeedItem, feed: FeedSource) -> String? {
        LanguageCode.primary(feed.language) ?? item.language
    }
}
