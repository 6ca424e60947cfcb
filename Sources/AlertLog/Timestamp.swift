/// UTC timestamps in the alert log's RFC 3339 form, without Foundation's formatters (which are
/// slow and not needed for this one fixed format).
public enum Timestamp {
    /// `2026-11-28T02:40:00.123Z` for Unix milliseconds.
    public static func rfc3339(milliseconds: Int64) -> String {
        let (seconds, millis) = milliseconds.quotientAndRemainderFloored(dividingBy: 1000)
        let (days, secondOfDay) = seconds.quotientAndRemainderFloored(dividingBy: 86_400)
        let (year, month, day) = civil(fromDays: days)
        let hour = secondOfDay / 3600, minute = secondOfDay / 60 % 60, second = secondOfDay % 60
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millis, 3))Z"
    }

    /// `2026-11-27T10:00:00Z` (whole seconds, for publication dates).
    public static func rfc3339Seconds(milliseconds: Int64) -> String {
        let full = rfc3339(milliseconds: milliseconds)
        return String(full.prefix(19)) + "Z"
    }

    /// Unix milliseconds for `rfc3339(milliseconds:)`'s output and its whole-second form; nil for
    /// anything else.
    public static func parse(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// `parse(_:)` over raw bytes, so `feedwatch tail` can read `detected` without decoding a line.
    public static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count == 20 || b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
              b[b.count - 1] == 0x5A else { return nil }
        func number(_ from: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int64(b[i] - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var millis: Int64 = 0
        if b.count == 24 {
            guard b[19] == 0x2E, let value = number(20, 3) else { return nil }
            millis = value
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1000) + millis
    }

    /// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian calendar).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// (year, month, day) of a day count since 1970-01-01, proleptic Gregorian; public so that
    /// other writers of dates (`feedwatch parse --json`) share this one implementation.
    public static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, so times before 1970 format correctly.
    func quotientAndRemainderFloored(dividingBy divisor: Int64) -> (Int64, Int64) {
        var (q, r) = quotientAndRemainder(dividingBy: divisor)
        if r < 0 {
            q -= 1
            r += divisor
        }
        return (q, r)
    }
}
