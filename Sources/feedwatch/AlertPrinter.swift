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
        for actor in alert.actors {
            for mention in actor.mentions {
                text += "    \(mention.field): \(highlight(mention.text, in: mention.context))\n"
            }
        }
        return text + "\n"
    }

    private func highlight(_ needle: String, in context: String) -> String {
        guard color, let range = context.range(of: needle) else { return context }
        return context[..<range.lowerBound] + style(String(context[range]), "1;33") + context[range.upperBound...]
    }

    private func style(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
