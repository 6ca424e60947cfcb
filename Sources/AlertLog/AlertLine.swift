/// Encodes an `Alert` as one JSON line, keys in the documented order, at most
/// `maximumBytes` long including the newline.
public enum AlertLine {
    /// Lines stay below 64 KiB so that every reader (and `write(2)` atomicity on pipes) copes.
    public static let maximumBytes = 64 * 1024

    /// Long titles and contexts are cut to these many characters before mentions are dropped.
    static let longText = 1000

    public static func encode(_ alert: Alert) -> [UInt8] {
        var line = render(alert)
        guard line.count > maximumBytes else { return line }
        var trimmed = alert
        trimmed.item.title = trimmed.item.title.map { cut($0) }
        trimmed.item.authors = Array(trimmed.item.authors.prefix(20)).map { cut($0) }
        trimmed.feed.title = trimmed.feed.title.map { cut($0) }
        line = render(trimmed)
        // Drop the last half of the longest mention list until the line fits.
        while line.count > maximumBytes {
            guard let index = trimmed.actors.indices.max(by: { trimmed.actors[$0].mentions.count < trimmed.actors[$1].mentions.count }),
                  trimmed.actors[index].mentions.count > 1 else { break }
            let keep = trimmed.actors[index].mentions.count / 2
            trimmed.actors[index].omittedMentions += trimmed.actors[index].mentions.count - keep
            trimmed.actors[index].mentions.removeLast(trimmed.actors[index].mentions.count - keep)
            line = render(trimmed)
        }
        // Pathological: many actors with one huge mention each. Cut every remaining text.
        if line.count > maximumBytes {
            for a in trimmed.actors.indices {
                for m in trimmed.actors[a].mentions.indices {
                    trimmed.actors[a].mentions[m].context = cut(trimmed.actors[a].mentions[m].context, to: 200)
                    trimmed.actors[a].mentions[m].text = cut(trimmed.actors[a].mentions[m].text, to: 200)
                }
            }
            line = render(trimmed)
        }
        return line
    }

    private static func cut(_ text: String, to limit: Int = longText) -> String {
        text.unicodeScalars.count <= limit ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) + "…"
    }

    private static func render(_ alert: Alert) -> [UInt8] {
        var json = JSONText()
        json.raw("{")
        json.key("v"); json.number(Alert.version)
        json.key("id"); json.string(alert.id)
        json.key("detected"); json.string(Timestamp.rfc3339(milliseconds: alert.detected))
        json.key("feed"); json.raw("{")
        json.key("url"); json.string(alert.feed.url)
        json.key("title"); json.string(alert.feed.title)
        json.key("tags"); json.strings(alert.feed.tags)
        json.raw("}")
        json.key("item"); json.raw("{")
        json.key("key"); json.string(alert.item.key)
        json.key("guid"); json.string(alert.item.guid)
        json.key("link"); json.string(alert.item.link)
        json.key("title"); json.string(alert.item.title)
        json.key("published"); json.string(alert.item.published.map { Timestamp.rfc3339Seconds(milliseconds: $0) })
        json.key("authors"); json.strings(alert.item.authors)
        if let language = alert.item.language { json.key("lang"); json.string(language) }
        json.raw("}")
        json.key("update"); json.bool(alert.update)
        json.key("actors"); json.raw("[")
        for actor in alert.actors {
            json.element()
            json.key("id"); json.string(actor.id)
            json.key("name"); json.string(actor.name)
            json.key("kind"); json.string(actor.kind)
            json.key("tags"); json.strings(actor.tags)
            json.key("mentions"); json.raw("[")
            for mention in actor.mentions {
                json.element()
                json.key("alias"); json.string(mention.alias)
                json.key("text"); json.string(mention.text)
                json.key("field"); json.string(mention.field)
                json.key("offset"); json.number(mention.offset)
                json.key("context"); json.string(mention.context)
                if let reading = mention.reading { json.key("reading"); json.string(reading) }
                json.raw("}")
            }
            json.raw("]")
            if actor.omittedMentions > 0 {
                json.key("mentions_omitted"); json.number(actor.omittedMentions)
            }
            json.raw("}")
        }
        json.raw("]}\n")
        return json.bytes
    }
}
