import AlertLog
import FeedState
import Foundation

/// The aligned table `feedwatch status` prints for people.
struct StatusTable {
    var time: RelativeTime
    /// Longest feed label and error message shown before cutting with "…" (`--json` has them whole).
    var feedWidth = 40
    var errorWidth = 48

    static let header = ["FEED", "STATUS", "LAST SUCCESS", "LAST ERROR", "FAILS", "NEXT DUE", "ITEMS", "ALERTS"]
    /// Counts read better right-aligned.
    private static let numeric: Set<Int> = [4, 6, 7]

    func render(_ rows: [StatusRow]) -> String {
        let cells = [Self.header] + rows.map(cells)
        var widths = [Int](repeating: 0, count: Self.header.count)
        for line in cells {
            for (column, cell) in line.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        return cells.map { line in
            line.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return Self.numeric.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }

    func cells(_ row: StatusRow) -> [String] {
        let label = Self.cut(row.label, feedWidth)
        guard let record = row.record, record.lastAttempt != nil else {
            return [label, row.health.rawValue, "never", "-", "0", row.inConfig ? "due now" : "-", "0", "0"]
        }
        // The message usually starts with the URL, which the row already shows.
        let error = record.lastError.map { message in
            Self.cut(message.hasPrefix(row.url + ": ") ? String(message.dropFirst(row.url.count + 2)) : message, errorWidth)
        } ?? "-"
        let status = record.failingReason.map { "failing (\($0))" } ?? row.health.rawValue
        return [
            label, Self.cut(status, 32), record.lastSuccess.map(time.describe) ?? "never", error,
            String(record.consecutiveFailures), row.inConfig ? time.due(record.nextDue) : "-",
            String(record.itemsSeen), String(record.alertsWritten),
        ]
    }

    /// Notes under the table for things an operator should act on.
    func notes(_ rows: [StatusRow]) -> [String] {
        let moved = rows.compactMap { row -> String? in
            guard let target = row.record?.permanentRedirect else { return nil }
            return "note: \(row.label) moved permanently to \(target): update the config"
        }
        let leased = Dictionary(grouping: rows.compactMap(\.leaseOwner), by: { $0 }).mapValues(\.count)
        guard !leased.isEmpty else { return moved }
        return moved + ["fetching now: " + leased.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
    }

    /// Line breaks shown as spaces, cut to `width` characters. Swift-native: Foundation's
    /// `replacingOccurrences` went through NSString and was a third of `status` at 50,000 feeds.
    static func cut(_ text: String, _ width: Int) -> String {
        let flat = text.utf8.contains(0x0A) ? String(text.map { $0 == "\n" ? " " : $0 }) : text
        if flat.utf8.count <= width { return flat }  // no more characters than bytes
        return flat.count <= width ? flat : String(flat.prefix(width - 1)) + "…"
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        guard let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[...last])
    }
}

/// `feedwatch status --json`: one JSON array with one object per feed, each object on its own
/// line. Every key is always present (null when unknown) and keys are sorted, so scripts and
/// `jq` see a stable shape; times are RFC 3339 UTC like the alert log's.
enum StatusJSON {
    static func render(_ rows: [StatusRow]) throws -> String {
        guard !rows.isEmpty else { return "[]\n" }
        var out = JSONText(capacity: rows.count * 512)
        out.raw("[\n")
        for (index, row) in rows.enumerated() {
            if index > 0 { out.raw(",\n") }
            write(row, to: &out)
        }
        out.raw("\n]\n")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// One feed's object, keys in sorted order; every key present, null when unknown.
    private static func write(_ row: StatusRow, to out: inout JSONText) {
        let record = row.record
        func time(_ millis: Int64?) -> String? { millis.map { Timestamp.rfc3339(milliseconds: $0) } }
        out.raw("{")
        out.key("alerts"); out.number(record?.alertsWritten ?? 0)
        out.key("consecutive_failures"); out.number(record?.consecutiveFailures ?? 0)
        out.key("error_kind"); out.string(record?.errorKind)
        out.key("failing_reason"); out.string(record?.failingReason)
        out.key("failures"); out.number(record?.failures ?? 0)
        out.key("fetches"); out.number(record?.fetches ?? 0)
        out.key("in_config"); out.bool(row.inConfig)
        out.key("items_seen"); out.number(record?.itemsSeen ?? 0)
        out.key("items_stored"); out.number(row.storedItems)
        out.key("last_attempt"); out.string(time(record?.lastAttempt))
        out.key("last_error"); out.string(record?.lastError)
        out.key("last_status"); out.string(record?.lastStatus?.rawValue)
        out.key("last_success"); out.string(time(record?.lastSuccess))
        out.key("lease_owner"); out.string(row.leaseOwner)
        out.key("name"); out.string(row.name)
        out.key("next_due"); out.string(time(record?.nextDue))
        out.key("permanent_redirect"); out.string(record?.permanentRedirect)
        out.key("status"); out.string(row.health.rawValue)
        out.key("url"); out.string(row.url)
        out.raw("}")
    }
}
