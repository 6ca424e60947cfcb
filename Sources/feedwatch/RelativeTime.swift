import Foundation

/// Times for people: "2h ago" and "in 4m" within a day of now, local date and time beyond that,
/// where a relative figure ("in 9d") would hide the hour something happens.
struct RelativeTime {
    /// Unix milliseconds taken as "now", so a whole table uses one instant.
    var now: Int64
    var timeZone: TimeZone = .current

    private static let day: Int64 = 86_400_000

    /// A past or future instant, e.g. `just now`, `5m ago`, `in 2h`, `2026-11-25 14:03`.
    func describe(_ millis: Int64) -> String {
        let delta = millis - now
        let distance = delta.magnitude
        if distance >= UInt64(Self.day) { return local(millis) }
        if distance < 1_000 { return "just now" }
        let span = Self.span(Int64(distance))
        return delta < 0 ? "\(span) ago" : "in \(span)"
    }

    /// When a feed is next due; a time already passed means the daemon fetches it at its next look.
    func due(_ millis: Int64?) -> String {
        guard let millis, millis > now else { return "due now" }
        return describe(millis)
    }

    /// `2026-11-25 14:03` in the local time zone.
    func local(_ millis: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// The largest whole unit, with minutes kept under ten hours: `45s`, `4m`, `2h05m`, `13h`.
    static func span(_ millis: Int64) -> String {
        let seconds = millis / 1000
        if seconds < 60 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 60 { return "\(minutes)m" }
        let hours = minutes / 60, rest = minutes % 60
        if hours < 10 && rest > 0 { return "\(hours)h" + (rest < 10 ? "0" : "") + "\(rest)m" }
        return "\(hours)h"
    }
}
