import AlertLog
import Foundation
import TestSupport

/// Alert lines and log files for the `tail` query tests, written by the real `AlertLine` encoder.
enum LogFixtures {
    /// An alert id that is also the id of a watched actor: the raw prefilter finds `"id":"…"` on
    /// the alert itself, and only the exact check may reject it.
    static let hexActor = "0123456789abcdef0123456789abcdef"
    static let actors = ["hamas", "qatar", "idf", "un.wfp", "x-1", hexActor]
    static let kinds = ["person", "organization", "country", "place", "group", "other"]
    static let feeds = ["https://a.example/feed", "https://b.example/\"quoted\"", "https://c.example/ü\\x"]

    static func line(id: String, detected: Int64, actors: [String], kind: String, feed: String) -> [UInt8] {
        let alert = Alert(
            id: id, detected: detected,
            feed: .init(url: feed, title: "Feed", tags: []),
            item: .init(key: "k-\(id)", guid: nil, link: nil, title: "About \(actors.joined(separator: " and "))",
                        published: nil, authors: []),
            update: false,
            actors: actors.map { actor in
                .init(id: actor, name: actor.capitalized, kind: kind, tags: [],
                      mentions: [.init(alias: actor, text: actor, field: "title", offset: 6, context: "id \"\(actor)\" here")])
            })
        var bytes = AlertLine.encode(alert)
        bytes.removeLast()  // the newline; callers join lines themselves
        return bytes
    }

    /// Writes `bytes` to `name` in `dir`, gzip-compressed (by the `gzip` command) when asked.
    static func write(_ bytes: [UInt8], _ name: String, in dir: TemporaryDirectory, gzip: Bool = false) throws -> String {
        let path = dir.path + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        guard gzip else { return path }
        let result = try runProcess("/usr/bin/gzip", ["-n", "-f", path])
        guard result.status == 0 else { throw FixtureError(message: result.stderr) }
        return path + ".gz"
    }

    struct FixtureError: Error { var message: String }
}
