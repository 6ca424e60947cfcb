import FoundationEssentials

/// RFC 3339, ISO 8601 and W3C-DTF: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, then optionally `T` (or a
/// space) `hh:mm[:ss[.fff]]` and a zone (`Z`, `±hh:mm`, `±hhmm`, `±hh`). The basic form
/// `YYYYMMDDThhmmss` is accepted too.
enum ISO8601Date {
    static func parse(_ bytes: [UInt8]) -> Date? {
        var cursor = DateCursor(bytes: bytes)
        guard let year = cursor.number(maxDigits: 4), year.digits == 4 else { return nil }
        var month = 1, day = 1
        let extended = cursor.take(UInt8(ascii: "-"))
        if extended || !cursor.atEnd {
            guard let m = cursor.number(maxDigits: 2), m.digits == 2 else { return nil }
            month = m.value
            if !extended || cursor.take(UInt8(ascii: "-")) {
                guard let d = cursor.number(maxDigits: 2), d.digits == 2 else { return nil }
                day = d.value
            }
        }
        guard !cursor.atEnd else { return FeedDate.date(year: year.value, month: month, day: day) }
        guard cursor.take(UInt8(ascii: "T")) || cursor.take(UInt8(ascii: "t")) || cursor.take(0x20) else { return nil }
        cursor.skip { $0 == 0x20 }
        guard let hour = cursor.number(maxDigits: 2), hour.digits == 2 else { return nil }
        _ = cursor.take(UInt8(ascii: ":"))
        guard let minute = cursor.number(maxDigits: 2), minute.digits == 2 else { return nil }
        var second = 0
        var fraction = 0.0
        if cursor.take(UInt8(ascii: ":")) || cursor.peek.map({ $0 >= 0x30 && $0 <= 0x39 }) == true {
            guard let s = cursor.number(maxDigits: 2), s.digits == 2 else { return nil }
            second = s.value
            if cursor.take(UInt8(ascii: ".")) || cursor.take(UInt8(ascii: ",")) {
                var scale = 0.1
                while let byte = cursor.peek, byte >= 0x30, byte <= 0x39 {
                    fraction += Double(byte - 0x30) * scale
                    scale /= 10
                    cursor.index += 1
                }
            }
        }
        cursor.skip { $0 == 0x20 }
        var offset = 0
        if !cursor.atEnd {
            guard let zone = cursor.numericOffset() ?? namedZone(&cursor) else { return nil }
            offset = zone
        }
        guard cursor.atEnd else { return nil }
        return FeedDate.date(year: year.value, month: month, day: day, hour: hour.value, minute: minute.value,
                             second: second, fraction: fraction, offsetSeconds: offset)
    }

    /// Some generators write `2024-05-01 10:00:00 GMT` or `UTC`.
    private static func namedZone(_ cursor: inout DateCursor) -> Int? {
        let word = cursor.word()
        return word.isEmpty ? nil : RFC822Date.zoneOffset(word)
    }
}
