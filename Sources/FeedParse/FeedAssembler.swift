import FoundationEssentials

/// Builds the public `ParsedFeed` from drafts: parses dates (an unparseable one is nil plus a
/// warning), resolves links, fills fallbacks and gives every item its stable key. Needs the whole
/// document because a key depends on whether an id repeats.
enum FeedAssembler {
    static func assemble(format: FeedFormat, feed: FeedDraft, items drafts: [ItemDraft], documentURL: String?,
                         warnings: [String]) -> ParsedFeed {
        var warnings = warnings
        let feedLink = feed.link.map { LinkResolver.resolve($0, againstFirstOf: [feed.linkBase, documentURL]) }
        var ttl: Int?
        if let text = feed.ttl {
            if let minutes = Int(text), minutes >= 0 {
                ttl = minutes
            } else {
                warnings.append("ignored ttl \"\(text)\": not a number of minutes")
            }
        }
        var guidCounts: [String: Int] = [:]
        for draft in drafts {
            if let guid = draft.guid { guidCounts[guid, default: 0] += 1 }
        }
        var items: [FeedItem] = []
        items.reserveCapacity(drafts.count)
        for (index, draft) in drafts.enumerated() {
            let position = index + 1
            guard draft.guid != nil || draft.link != nil || draft.title != nil || draft.summary != nil
                    || draft.content != nil || draft.mediaTitle != nil || draft.mediaDescription != nil else {
                warnings.append("item \(position) is empty; skipped")
                continue
            }
            var link = draft.link
            if link == nil, let guid = draft.guid, draft.guidIsPermaLink, LinkResolver.isWebURL(guid) { link = guid }
            link = link.map { LinkResolver.resolve($0, againstFirstOf: [draft.linkBase, feedLink, documentURL]) }
            let summary = draft.summary ?? draft.mediaDescription
            let title = draft.title ?? draft.mediaTitle
            let key = itemKey(draft, link: link, title: title, summary: summary ?? draft.content,
                              repeated: draft.guid.map { guidCounts[$0, default: 0] > 1 } ?? false)
            items.append(FeedItem(
                key: key, guid: draft.guid, link: link, title: title, summary: summary, content: draft.content,
                authors: [draft.authors, draft.sourceAuthors, feed.authors].first { !$0.isEmpty } ?? [],
                categories: draft.categories,
                published: date(draft.published, item: position, warnings: &warnings),
                updated: date(draft.updated, item: position, warnings: &warnings)))
        }
        return ParsedFeed(format: format, title: feed.title, link: feedLink, language: feed.language, ttl: ttl,
                          items: items, warnings: warnings)
    }

    private static func date(_ text: String?, item: Int, warnings: inout [String]) -> Date? {
        guard let text else { return nil }
        if let date = FeedDate.parse(text) { return date }
        warnings.append("item \(item): unparseable date \"\(text.prefix(80))\"")
        return nil
    }

    /// The id when present and unique; an id repeated on different items is qualified with the
    /// link (or, without one, the content hash); no id: the link; neither: a content hash.
    static func itemKey(_ draft: ItemDraft, link: String?, title: String?, summary: String?, repeated: Bool) -> String {
        let hash = { contentHash(title: title, date: draft.published ?? draft.updated, summary: summary) }
        if let guid = draft.guid {
            return repeated ? "\(guid) \(link ?? hash())" : guid
        }
        return link ?? hash()
    }

    /// FNV-1a over title, date and summary: stable across runs and machines, unlike `Hasher`.
    static func contentHash(title: String?, date: String?, summary: String?) -> String {
        let hash = FNV1a.hash([title, date, summary].map { Array(($0 ?? "").utf8) }.joined(separator: [0x1F]))
        let hex = String(hash, radix: 16)
        return "hash:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
