import AlertLog
import FeedParse
import Foundation

/// Writes `feedwatch parse --json` lines into a byte buffer: one object per item with its keys in
/// sorted order (the order `JSONEncoder` with `.sortedKeys` used, so the output reads the same),
/// strings escaped as RFC 8259 requires, dates as `YYYY-MM-DDTHH:MM:SSZ`.
struct ItemJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func append(_ feed: ParsedFeed, source: String) {
        for item in feed.items {
            var first = true
            bytes.append(UInt8(ascii: "{"))
            key("authors", &first)
            strings(item.authors)
            key("categories", &first)
            strings(item.categories)
            if let content = item.content { key("content", &first); string(content) }
            if !item.extraText.isEmpty { key("extraText", &first); strings(item.extraText) }
            if let title = feed.title { key("feed_title", &first); string(title) }
            key("format", &first)
            string(feed.format.rawValue)
            if let guid = item.guid { key("guid", &first); string(guid) }
            key("key", &first)
            string(item.key)
            if let language = item.language { key("language", &first); string(language) }
            if let link = item.link { key("link", &first); string(link) }
            if let published = item.published { key("published", &first); date(published) }
            key("source", &first)
            string(source)
            if let summary = item.summary { key("summary", &first); string(summary) }
            if let title = item.title { key("title", &first); string(title) }
            if let updated = item.updated { key("updated", &first); date(updated) }
            bytes.append(UInt8(ascii: "}"))
            bytes.append(UInt8(ascii: "\n"))
        }
    }

    private mutating func key(_ name: StaticString, _ first: inout Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func strings(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Runs that need no escaping are copied in one go; only `"`, `\` and control characters are
    /// escaped (JSON allows every other character as is).
    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: bytes.append(0x22)
                case 0x5C: bytes.append(0x5C)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array("u00".utf8))
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Civil date from days since 1970 (the alert log's `Timestamp.civil`), so no formatter or
    /// calendar is involved per date.
    private mutating func date(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (civilYear, civilMonth, civilDay) = Timestamp.civil(fromDays: days)
        let year = Int(civilYear), month = Int(civilMonth), day = Int(civilDay)
        bytes.append(UInt8(ascii: "\""))
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func digits(_ value: Int, _ width: Int) {
        guard (0...9999).contains(value) else {
            bytes.append(contentsOf: String(value).utf8)
            return
        }
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        if value >= divisor * 10 { bytes.append(contentsOf: String(value).utf8); return }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}
