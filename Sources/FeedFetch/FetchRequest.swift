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
        // Control characters are single bytes in UTF-8, and no byte of a longer sequence is below 0x80.
        guard !trimmed.isEmpty, trimmed.utf8.count <= 1024,
              !trimmed.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
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
    /// Drops leading and trailing spaces, tabs, CR and LF (header values arrive with CRLF). Works
    /// on the UTF-8 bytes, all four being ASCII: this runs for header values of every response.
    var trimmingSpaces: String {
        let trimmed = trimmingHeaderSpaces(utf8)
        return trimmed.count == utf8.count ? self : String(decoding: trimmed, as: UTF8.self)
    }
}

/// `bytes` without leading and trailing spaces, tabs, CR and LF.
func trimmingHeaderSpaces<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
    let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
    guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
        return bytes[bytes.endIndex...]
    }
    return bytes[first...last]
}
