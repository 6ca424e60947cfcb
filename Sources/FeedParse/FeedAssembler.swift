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
        let feedLanguage = LanguageTag.primary(feed.language)
        var items: [FeedItem] = []
        items.reserveCapacity(drafts.count)
        // Every item the document declares is kept, even one without any text: peers keep it, and
        // its key still identifies it (the content hash when it has neither id nor link).
        for (index, draft) in drafts.enumerated() {
            let position = index + 1
            var link = draft.link
            if link == nil, let guid = draft.guid, draft.guidIsPermaLink, LinkResolver.isWebURL(guid) { link = guid }
            link = link.map { LinkResolver.resolve($0, againstFirstOf: [draft.linkBase, feedLink, documentURL]) }
            let texts = ItemTexts(draft)
            let published = date(draft.published, item: position, warnings: &warnings)
            let updated = date(draft.updated, item: position, warnings: &warnings)
            let key = itemKey(draft, link: link, title: texts.title, summary: texts.summary ?? draft.content,
                              date: published.text ?? updated.text,
                              repeated: draft.guid.map { guidCounts[$0, default: 0] > 1 } ?? false)
            var item = FeedItem(
                key: key, guid: draft.guid, link: link, title: texts.title, summary: texts.summary,
                content: draft.content,
                authors: [draft.authors, draft.fallbackAuthors, draft.sourceAuthors, feed.authors]
                    .first { !$0.isEmpty } ?? [],
                categories: draft.categories, published: published.date, updated: updated.date)
            item.extraText = texts.extra
            item.language = draft.language ?? draft.textLanguage ?? feedLanguage
            items.append(item)
        }
        return ParsedFeed(format: format, title: feed.title, link: feedLink, language: feed.language, ttl: ttl,
                          items: items, warnings: warnings)
    }

    /// The first copy that parses; one warning per copy that does not (up to the good one).
    /// `text` is the copy the date came from (or the first, when none parses), which the content
    /// hash uses.
    private static func date(_ copies: TextCopies, item: Int, warnings: inout [String]) -> (date: Date?, text: String?) {
        if let first = copies.first, let date = FeedDate.parse(first) { return (date, first) }
        for text in copies.all {
            if let date = FeedDate.parse(text) { return (date, text) }
            warnings.append("item \(item): unparseable date \"\(text.prefix(80))\"")
        }
        return (nil, copies.first)
    }

    /// The id when present and unique; an id repeated on different items is qualified with the
    /// link (or, without one, the content hash); no id: the link; neither: a content hash.
    static func itemKey(_ draft: ItemDraft, link: String?, title: String?, summary: String?, date: String?,
                        repeated: Bool) -> String {
        let hash = { contentHash(title: title, date: date, summary: summary) }
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

/// An item's title, summary and extra matchable texts from its primary and secondary elements
/// (the preference table is in docs/parsing.md).
struct ItemTexts {
    var title: String?
    var summary: String?
    /// Secondary texts that neither filled a field nor repeat one: still matchable.
    var extra: [String] = []

    init(_ draft: ItemDraft) {
        title = draft.title
        summary = draft.summary
        guard !draft.alternates.isEmpty else { return }
        let alternates = draft.alternates.sorted { $0.field < $1.field }
        if title == nil { title = alternates.first { $0.field.isTitle }?.text }
        if summary == nil { summary = alternates.first { !$0.field.isTitle }?.text }
        for alternate in alternates {
            let text = alternate.text
            guard text != title, text != summary, text != draft.content, !extra.contains(text) else { continue }
            extra.append(text)
        }
    }
}
