/// Why a document yielded no feed at all. Anything less severe is a warning on `ParsedFeed`.
public enum FeedParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document is bigger than the configured cap.
    case tooLarge(bytes: Int, limit: Int)
    /// The document holds no feed; `found` names what it holds instead ("empty body", "HTML
    /// page", "binary data", "XML document with root element <foo>", ...).
    case notAFeed(found: String)
    /// The document looks like JSON but does not parse as JSON.
    case malformedJSON(String)
    /// The document is built to exhaust the parser (e.g. an element with thousands of
    /// attributes); `reason` says what was found.
    case hostile(reason: String)

    /// A stable identifier for logs and metrics.
    public var code: String {
        switch self {
        case .tooLarge: "too-large"
        case .notAFeed: "not-a-feed"
        case .malformedJSON: "malformed-json"
        case .hostile: "hostile"
        }
    }

    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit):
            "document too large: \(bytes) bytes exceeds the limit of \(limit) bytes"
        case let .notAFeed(found):
            "not a feed: found \(found)"
        case let .malformedJSON(reason):
            "malformed JSON: \(reason)"
        case let .hostile(reason):
            "refused hostile document: \(reason)"
        }
    }
}
