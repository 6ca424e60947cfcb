import Foundation

/// An alert line read back from the log: what `feedwatch tail` shows and filters on, and what
/// crash recovery needs to recognise lines already written.
public struct LoggedAlert: Decodable, Sendable, Hashable {
    public var id: String
    public var detected: String
    public var feed: Feed
    public var item: Item
    public var update: Bool
    public var actors: [Actor]

    public struct Feed: Decodable, Sendable, Hashable {
        public var url: String
        public var title: String?
        public var tags: [String]
    }

    public struct Item: Decodable, Sendable, Hashable {
        public var key: String
        public var guid: String?
        public var link: String?
        public var title: String?
        public var published: String?
        public var authors: [String]
    }

    public struct Actor: Decodable, Sendable, Hashable {
        public var id: String
        public var name: String
        public var kind: String
        public var tags: [String]
        public var mentions: [Mention]
    }

    public struct Mention: Decodable, Sendable, Hashable {
        public var alias: String
        public var text: String
        public var field: String
        public var offset: Int
        public var context: String
    }

    /// Decodes one line (without its newline); nil for anything that is not an alert line, such as
    /// a fragment left by a crash in the middle of a write on another system.
    public static func decode(_ line: some Collection<UInt8>) -> LoggedAlert? {
        try? JSONDecoder().decode(LoggedAlert.self, from: Data(line))
    }

    /// Unix milliseconds of `detected`.
    public var detectedMilliseconds: Int64? { Timestamp.parse(detected) }
}
