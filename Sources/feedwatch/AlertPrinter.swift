import AlertLog
import Foundation

/// Renders alert lines for people: local time, actors, title, link, and each mention's context
/// with the mention highlighted on a terminal.
struct AlertPrinter {
    var json: Bool
    var color: Bool

    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss ZZZZZ"
        formatter.timeZone = .current
        return formatter
    }()

    func print(_ line: some Collection<UInt8>) {
        if json {
            FileHandle.standardOutput.write(Data(line) + Data("\n".utf8))
            return
        }
        guard let alert = LoggedAlert.decode(line) else { return }
        FileHandle.standardOutput.write(Data(render(alert).utf8))
    }

    func render(_ alert: LoggedAlert) -> String {
        let time = alert.detectedMilliseconds.map {
            Self.formatter.string(from: Date(timeIntervalSince1970: Double($0) / 1000))
        } ?? alert.detected
        let names = alert.actors.map(\.name).joined(separator: ", ")
        var text = "\(style(time, "2"))  \(style(names, "1"))\(alert.update ? "  (update)" : "")\n"
        text += "  \(alert.item.title ?? "(untitled)")\n"
        if let link = alert.item.link { text += "  \(style(link, "4"))\n" }
        text += "  \(alert.feed.title ?? alert.feed.url)\n"
        // One line per distinct context, with every mention in it highlighted.
        var contexts: [(field: String, context: String, texts: [String])] = []
        for mention in alert.actors.flatMap(\.mentions) {
            if let index = contexts.firstIndex(where: { $0.field == mention.field && $0.context == mention.context }) {
                if !contexts[index].texts.contains(mention.text) { contexts[index].texts.append(mention.text) }
            } else {
                contexts.append((mention.field, mention.context, [mention.text]))
            }
        }
        for entry in contexts {
            text += "    \(entry.field): \(highlight(entry.texts, in: entry.context))\n"
        }
        return text + "\n"
    }

    private func highlight(_ needles: [String], in context: String) -> String {
        guard color else { return context }
        var result = context
        for needle in needles.sorted(by: { $0.count > $1.count }) where !needle.isEmpty {
            result = result.replacingOccurrences(of: needle, with: style(needle, "1;33"))
        }
        return result
    }

    private func style(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
