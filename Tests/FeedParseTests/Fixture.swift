import FeedParse
import Foundation
import Testing

/// Loads the feeds under `Fixtures/` (written for this project) and parses them.
enum Fixture {
    static var directory: URL {
        get throws {
            try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures")
        }
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: try directory.appendingPathComponent(name)))
    }

    static func parse(_ name: String, documentURL: String? = nil, httpCharset: String? = nil,
                      maxBytes: Int? = nil) throws -> ParsedFeed {
        try FeedParser.parse(try bytes(name), documentURL: documentURL, httpCharset: httpCharset, maxBytes: maxBytes)
    }

    /// The error a fixture is expected to produce.
    static func error(_ name: String, maxBytes: Int? = nil) throws -> FeedParseError? {
        let document = try bytes(name)
        do {
            _ = try FeedParser.parse(document, maxBytes: maxBytes)
            return nil
        } catch {
            return error
        }
    }

    /// All fixture files, relative to `Fixtures/`.
    static func all() throws -> [String] {
        let root = try directory
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var names: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                names.append(String(url.path.dropFirst(root.path.count + 1)))
            }
        }
        return names.sorted()
    }
}

/// A UTC instant written in RFC 3339, decoded independently of `FeedDate`.
func utc(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)
}

extension ParsedFeed {
    /// The item with this key; fails the test when missing.
    func item(_ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> FeedItem {
        try #require(items.first { $0.key == key }, "no item with key \(key)", sourceLocation: sourceLocation)
    }
}
