import FeedParse
import Foundation

/// Renders parsed feeds for `feedwatch parse`.
enum ParseOutput {
    static func text(_ feed: ParsedFeed, source: String) -> String {
        var out = "feed: \(source)\n"
        out += "  format: \(feed.format.rawValue)\n"
        if let title = feed.title { out += "  title: \(title)\n" }
        if let link = feed.link { out += "  link: \(link)\n" }
        if let language = feed.language { out += "  language: \(language)\n" }
        if let ttl = feed.ttl { out += "  ttl: \(ttl) min\n" }
        out += "  items: \(feed.items.count)\n"
        for warning in feed.warnings { out += "  warning: \(warning)\n" }
        for (index, item) in feed.items.enumerated() {
            out += "\nitem \(index + 1)\n"
            out += "  key: \(item.key)\n"
            if let link = item.link { out += "  link: \(link)\n" }
            if let published = item.published { out += "  published: \(iso(published))\n" }
            if let updated = item.updated { out += "  updated: \(iso(updated))\n" }
            if !item.authors.isEmpty { out += "  authors: \(item.authors.joined(separator: "; "))\n" }
            if !item.categories.isEmpty { out += "  categories: \(item.categories.joined(separator: "; "))\n" }
            for (label, value) in [("title", item.title), ("summary", item.summary), ("content", item.content)] {
                guard let value else { continue }
                out += "  \(label):\n" + value.split(separator: "\n").map { "    \($0)\n" }.joined()
            }
        }
        return out
    }

    /// One JSON object per item, keys sorted, dates in ISO 8601 UTC.
    static func jsonLines(_ feed: ParsedFeed, source: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return feed.items.compactMap { item -> String? in
            let line = JSONLine(source: source, format: feed.format.rawValue, feedTitle: feed.title, item: item)
            guard let data = try? encoder.encode(line) else { return nil }
            return String(decoding: data, as: UTF8.self) + "\n"
        }.joined()
    }

    private struct JSONLine: Encodable {
        var source: String
        var format: String
        var feedTitle: String?
        var item: FeedItem

        enum CodingKeys: String, CodingKey { case source, format, feedTitle = "feed_title" }

        func encode(to encoder: any Encoder) throws {
            try item.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(source, forKey: .source)
            try container.encode(format, forKey: .format)
            try container.encodeIfPresent(feedTitle, forKey: .feedTitle)
        }
    }

    private static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
