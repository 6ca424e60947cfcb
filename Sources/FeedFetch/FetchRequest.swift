import FeedwatchConfig

/// What a server said about the version we already have; sent back as `If-None-Match` /
/// `If-Modified-Since` so an unchanged feed costs the publisher a 304 instead of the whole body.
public struct Validators: Sendable, Hashable, Codable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    /// No saved validators: the next request is unconditional.
    public static let none = Validators()

    /// Values fit to go back into a request header: a hostile server (or a damaged state file)
    /// must not be able to smuggle extra header lines through a saved validator.
    var sanitized: Validators {
        Validators(etag: etag.flatMap(Self.headerSafe), lastModified: lastModified.flatMap(Self.headerSafe))
    }

    static func headerSafe(_ value: String) -> String? {
        let trimmed = value.trimmingSpaces
        guard !trimmed.isEmpty, trimmed.utf8.count <= 1024,
              !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        return trimmed
    }
}

/// One feed to fetch. `allowFile` is a separate flag rather than derived from the URL so the
/// decision stays with the config (only a `file://` URL written there may read local files).
public struct FetchRequest: Sendable, Hashable {
    public var url: String
    public var allowFile: Bool
    public var validators: Validators

    public init(url: String, allowFile: Bool = false, validators: Validators = .none) {
        self.url = url
        self.allowFile = allowFile
        self.validators = validators
    }

    /// The request for a configured feed, with whatever validators the state kept for it.
    public init(source: FeedSource, validators: Validators = .none) {
        self.init(url: source.url, allowFile: source.allowsFile, validators: validators)
    }
}

extension String {
    /// Drops leading and trailing spaces, tabs, CR and LF (header values arrive with CRLF).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
