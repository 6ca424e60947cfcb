import ActorMatch
import AlertLog
import FeedParse
import FeedwatchConfig
import Foundation

/// Turns matcher hits on an item into an alert line's values.
struct AlertAssembler {
    let watchlist: Watchlist

    func alert(feed: FeedSource, feedTitle: String?, item: FeedItem, language: String?, hits: [ActorHit],
               update: Bool, detected: Int64) -> Alert {
        let actors = hits.map { hit -> Alert.ActorInfo in
            let actor = watchlist.actors.indices.contains(hit.actorIndex) ? watchlist.actors[hit.actorIndex] : nil
            return Alert.ActorInfo(
                id: hit.actorID, name: actor?.name ?? hit.actorID, kind: actor?.kind.rawValue ?? "other",
                tags: actor?.tags ?? [],
                mentions: hit.mentions.map {
                    Alert.Mention(alias: $0.alias, text: $0.text, field: $0.field, offset: $0.offset, context: $0.context,
                                  reading: $0.reading)
                })
        }
        return Alert(
            id: AlertID.make(feedURL: feed.url, itemKey: item.key, actorIDs: hits.map(\.actorID)),
            detected: detected,
            feed: .init(url: feed.url, title: feed.name ?? feedTitle, tags: feed.tags),
            item: .init(key: item.key, guid: item.guid, link: item.link, title: item.title,
                        published: item.published.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) },
                        authors: item.authors, language: language),
            update: update,
            actors: actors)
    }
}
