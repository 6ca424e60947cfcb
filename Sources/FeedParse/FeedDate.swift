import FoundationEssentials

/// Parses the dates feeds actually carry. Publishers rarely follow one standard exactly, so this
/// accepts RFC 822/1123 with its real-world variants (two-digit years, no seconds, no weekday,
/// named zones, military letters, offsets with or without a colon) and RFC 3339 / ISO 8601 /
/// W3C-DTF, including partial dates such as `2024` or `2024-05`. A date without a zone is UTC.
public enum FeedDate {
    /// The instant `text` names, or nil when it is not a date in any accepted form.
    public static func parse(_ text: String) -> Date? {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last <= 0x20 { bytes.removeLast() }
        let start = bytes.firstIndex { $0 > 0x20 } ?? bytes.endIndex
        let trimmed = bytes[start...]
        guard !trimmed.isEmpty, trimmed.count <= 100 else { return nil }
        if trimmed.prefix(4).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), trimmed.count >= 4 {
            return ISO8601Date.parse(Array(trimmed))
        }
        return RFC822Date.parse(Array(trimmed))
    }

    /// Seconds since 1970 for a UTC calendar date and time, after checking every field's range.
    static func date(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                     fraction: Double = 0, offsetSeconds: Int = 0) -> Date? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              hour < 24 || (minute == 0 && second == 0),
              (1...9999).contains(year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + min(second, 59) - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A little cursor over ASCII bytes shared by the two date grammars.
struct DateCursor {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func skip(_ allowed: (UInt8) -> Bool) {
        while let byte = peek, allowed(byte) { index += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Up to `maxDigits` decimal digits as a number, with how many were read.
    mutating func number(maxDigits: Int = 9) -> (value: Int, digits: Int)? {
        var value = 0
        var digits = 0
        while digits < maxDigits, let byte = peek, byte >= 0x30, byte <= 0x39 {
            value = value * 10 + Int(byte - 0x30)
            digits += 1
            index += 1
        }
        return digits == 0 ? nil : (value, digits)
    }

    mutating func word() -> [UInt8] {
        let start = index
        skip { isLetter($0) }
        return bytes[start..<index].map { $0 | 0x20 }
    }

    /// `±hh[:]mm`, `±hh` or `Z` at the cursor, as seconds east of UTC.
    mutating func numericOffset() -> Int? {
        if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) { return 0 }
        guard let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        index += 1
        guard let hours = number(maxDigits: 2), hours.digits == 2 else { return nil }
        _ = take(UInt8(ascii: ":"))
        let minutes = number(maxDigits: 2)?.value ?? 0
        guard hours.value <= 23, minutes <= 59 else { return nil }
        let offset = hours.value * 3_600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -offset : offset
    }
}
