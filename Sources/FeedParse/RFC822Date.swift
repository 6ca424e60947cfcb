import FoundationEssentials

/// RFC 822 / 1123 dates as feeds write them: `[Wkd,] DD Mon YY[YY] [HH:MM[:SS]] [zone]`, also with
/// the month before the day (`Mon DD YYYY`), with dashes (`01-May-2024`) and with the zone missing.
enum RFC822Date {
    static func parse(_ bytes: [UInt8]) -> Date? {
        var cursor = DateCursor(bytes: bytes)
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0
        var offset = 0
        var sawTime = false
        var sawZone = false
        while true {
            cursor.skip { $0 <= 0x20 || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".") }
            guard let byte = cursor.peek else { break }
            if byte == UInt8(ascii: "-") && !sawTime {
                cursor.index += 1
                continue
            }
            if isLetter(byte) {
                let word = cursor.word()
                if month == nil, word.count >= 3, let found = monthNumber(word) {
                    month = found
                } else if day == nil || month == nil, word.count >= 3, weekdays.contains(where: { word.starts(with: $0) }) {
                    continue
                } else if sawTime || (day != nil && month != nil && year != nil), !sawZone, let zone = zoneOffset(word) {
                    sawZone = true
                    offset = zone
                    if let numeric = cursor.numericOffset() { offset += numeric }
                } else {
                    return nil
                }
            } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                guard !sawZone, let zone = cursor.numericOffset() else { return nil }
                sawZone = true
                offset = zone
            } else if let number = cursor.number(maxDigits: 4) {
                if cursor.peek == UInt8(ascii: ":") {
                    guard !sawTime, number.digits <= 2 else { return nil }
                    sawTime = true
                    hour = number.value
                    cursor.index += 1
                    guard let m = cursor.number(maxDigits: 2) else { return nil }
                    minute = m.value
                    if cursor.take(UInt8(ascii: ":")) {
                        guard let s = cursor.number(maxDigits: 2) else { return nil }
                        second = s.value
                        if cursor.take(UInt8(ascii: ".")) { cursor.skip { $0 >= 0x30 && $0 <= 0x39 } }
                    }
                } else if number.digits == 4 && year == nil && (day != nil || month != nil) {
                    year = number.value
                } else if day == nil, number.digits <= 2 {
                    day = number.value
                } else if year == nil, number.digits == 2 {
                    // RFC 2822: two-digit years below 50 are 20xx, the rest 19xx.
                    year = number.value < 50 ? 2000 + number.value : 1900 + number.value
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        guard let day, let month, let year else { return nil }
        return FeedDate.date(year: year, month: month, day: day, hour: hour, minute: minute,
                             second: second, offsetSeconds: offset)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { Array($0.utf8) }
    private static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { Array($0.utf8) }

    private static func monthNumber(_ word: [UInt8]) -> Int? {
        months.firstIndex { word.starts(with: $0) }.map { $0 + 1 }
    }

    /// Seconds east of UTC for a named zone, lower-cased. Military letters follow RFC 822 as
    /// written (A = +1 … M = +12, N = −1 … Y = −12, Z = UTC).
    static func zoneOffset(_ word: [UInt8]) -> Int? {
        if let minutes = namedZones[String(decoding: word, as: UTF8.self)] { return minutes * 60 }
        guard word.count == 1, let letter = word.first else { return nil }
        switch letter {
        case UInt8(ascii: "a")...UInt8(ascii: "i"): return Int(letter - UInt8(ascii: "a") + 1) * 3_600
        case UInt8(ascii: "k")...UInt8(ascii: "m"): return Int(letter - UInt8(ascii: "k") + 10) * 3_600
        case UInt8(ascii: "n")...UInt8(ascii: "y"): return -Int(letter - UInt8(ascii: "n") + 1) * 3_600
        default: return nil
        }
    }

    /// Offsets in minutes: RFC 822's own zones plus the abbreviations common in real feeds.
    private static let namedZones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0,
        "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360,
        "pst": -480, "pdt": -420, "akst": -540, "akdt": -480, "hst": -600,
        "bst": 60, "cet": 60, "west": 60, "cest": 120, "eet": 120, "eest": 180, "msk": 180,
        "ist": 330, "jst": 540, "kst": 540, "aest": 600, "aedt": 660,
    ]
}
