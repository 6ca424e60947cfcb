/// Parses the human units used in the config: durations (`90s`, `15m`, `2h`, `7d`, `1h30m`,
/// `500ms`) and sizes (`512KiB`, `16MiB`, `1GB`, plain bytes).
public enum Units {
    public struct ParseError: Error, Sendable, Equatable {
        public var message: String

        public init(message: String) { self.message = message }
    }

    private static let durationUnits: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000),
    ]

    private static let sizeUnits: [String: Int] = [
        "b": 1, "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000,
        "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30,
    ]

    /// A positive duration made of one or more number+unit groups.
    public static func duration(_ text: String) throws(ParseError) -> Duration {
        let groups = try numberUnitGroups(text, what: "duration", example: "90s, 15m, 2h, 7d")
        var total: Int64 = 0
        for (number, unit) in groups {
            guard let factor = durationUnits.first(where: { $0.suffix == unit.lowercased() })?.milliseconds else {
                let hint = unit.isEmpty ? "missing unit" : "unknown unit '\(unit)'"
                throw ParseError(message: "'\(text)' is not a duration (\(hint); use ms, s, m, h, d or w, e.g. 90s, 15m, 2h, 7d)")
            }
            let (product, overflow) = number.multipliedReportingOverflow(by: factor)
            guard !overflow, total <= Int64.max - product else {
                throw ParseError(message: "'\(text)' is too long a duration")
            }
            total += product
        }
        guard total > 0 else { throw ParseError(message: "'\(text)': a duration must be longer than zero") }
        return .milliseconds(total)
    }

    /// A positive size in bytes.
    public static func size(_ text: String) throws(ParseError) -> Int {
        let groups = try numberUnitGroups(text, what: "size", example: "512KiB, 16MiB, 1048576")
        guard groups.count == 1, let (number, unit) = groups.first else {
            throw ParseError(message: "'\(text)' is not a size (use one number and unit, e.g. 512KiB, 16MiB, 1048576)")
        }
        let factor = unit.isEmpty ? 1 : sizeUnits[unit.lowercased()]
        guard let factor else {
            throw ParseError(message: "'\(text)' is not a size (unknown unit '\(unit)'; use B, KiB, MiB, GiB, KB, MB or GB)")
        }
        let (product, overflow) = Int(number).multipliedReportingOverflow(by: factor)
        guard !overflow else { throw ParseError(message: "'\(text)' is too large a size") }
        guard product > 0 else { throw ParseError(message: "'\(text)': a size must be larger than zero") }
        return product
    }

    /// Splits `2h30m` into [(2, "h"), (30, "m")]; spaces between groups are allowed.
    private static func numberUnitGroups(_ text: String, what: String, example: String) throws(ParseError) -> [(Int64, String)] {
        var groups: [(Int64, String)] = []
        var scalars = Substring(text.replacingUnderscores).unicodeScalars.makeIterator()
        var current = scalars.next()
        while current != nil {
            while let c = current, c == " " { current = scalars.next() }
            guard current != nil else { break }
            var digits = ""
            while let c = current, ("0"..."9").contains(c) { digits.unicodeScalars.append(c); current = scalars.next() }
            while let c = current, c == " " { current = scalars.next() }
            var unit = ""
            while let c = current, c.properties.isAlphabetic { unit.unicodeScalars.append(c); current = scalars.next() }
            guard !digits.isEmpty, let number = Int64(digits) else {
                throw ParseError(message: "'\(text)' is not a \(what) (e.g. \(example))")
            }
            groups.append((number, unit))
            if let c = current, c != " ", !("0"..."9").contains(c) {
                throw ParseError(message: "'\(text)' is not a \(what) (e.g. \(example))")
            }
        }
        guard !groups.isEmpty else { throw ParseError(message: "'\(text)' is not a \(what) (e.g. \(example))") }
        return groups
    }
}
