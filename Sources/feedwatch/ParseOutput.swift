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
            if let language = item.language { out += "  language: \(language)\n" }
            let texts = [("title", item.title), ("summary", item.summary), ("content", item.content)]
                + item.extraText.map { ("extra", $0) }
            for (label, value) in texts {
                guard let value else { continue }
                out += "  \(label):\n" + value.split(separator: "\n").map { "    \($0)\n" }.joined()
            }
        }
        return out
    }

    /// One JSON object per item, keys sorted, dates in ISO 8601 UTC (whole seconds), `extraText`
    /// only when present. Written straight into bytes: `JSONEncoder` cost several times the parse
    /// itself, and this command is how feeds are debugged and compared with other parsers.
    static func jsonLines(_ feed: ParsedFeed, source: String) -> String {
        var writer = ItemJSONWriter()
        writer.append(feed, source: source)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private static func iso(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
