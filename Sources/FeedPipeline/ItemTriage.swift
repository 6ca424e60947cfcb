import ActorMatch
import AlertLog
import FeedParse
import FeedState
import FeedwatchConfig

/// Decides, for one parsed feed, which items are new or changed and which alerts they raise:
/// pure logic over the parse, the stored item records and the matcher.
struct ItemTriage {
    let matcher: Matcher
    let assembler: AlertAssembler
    let watchlistFingerprint: String

    struct Result {
        var seen: [SeenItem] = []
        /// Alerts in feed order, with the key of the item each belongs to.
        var alerts: [(itemKey: String, alert: Alert)] = []
        var newItems = 0
        var changedItems = 0
    }

    /// - Parameter oldestAlerting: items published before this (Unix ms) are recorded without alerting.
    func triage(_ parsed: ParsedFeed, feed: FeedSource, known: [String: ItemRecord], now: Int64,
                oldestAlerting: Int64) -> Result {
        var result = Result()
        result.seen.reserveCapacity(parsed.items.count)
        for item in parsed.items {
            let language = ItemText.language(of: item, feed: feed)
            let hash = ItemText.contentHash(of: item, language: language, watchlist: watchlistFingerprint)
            let published = item.published.map(HealthRecord.millis)
            result.seen.append(SeenItem(key: item.key, contentHash: hash, published: published))
            let prior = known[item.key]
            if let prior, prior.contentHash == hash { continue }
            if prior == nil { result.newItems += 1 } else { result.changedItems += 1 }
            if let published, published < oldestAlerting { continue }
            let alreadyAlerted = prior?.alerted ?? [:]
            let hits = matcher.match(ItemText.fields(of: item), language: language)
                .filter { alreadyAlerted[$0.actorID] == nil }
            guard !hits.isEmpty else { continue }
            // An item seen before (or alerted before a crash) that brings new actors is an update.
            let update = prior != nil
            let alert = assembler.alert(feed: feed, feedTitle: parsed.title, item: item, language: language,
                                        hits: hits, update: update, detected: now)
            result.alerts.append((item.key, alert))
        }
        return result
    }
}
