/// Fields of one item as they were read, before dates are parsed, links resolved and keys chosen
/// (which needs the whole document). Shared by the XML and JSON readers.
struct ItemDraft {
    var guid: String?
    /// RSS `guid isPermaLink`: when true (the default) a URL guid doubles as the link.
    var guidIsPermaLink = true
    var link: String?
    /// The `xml:base` in scope where the link was found.
    var linkBase: String?
    var title: String?
    var summary: String?
    var content: String?
    var mediaTitle: String?
    var mediaDescription: String?
    var authors: [String] = []
    /// Atom `source/author`: the entry's authors when it names none itself (RFC 4287 §4.2.1).
    var sourceAuthors: [String] = []
    var categories: [String] = []
    var published: String?
    var updated: String?
}

/// Feed-level fields as they were read.
struct FeedDraft {
    var title: String?
    var link: String?
    var linkBase: String?
    var language: String?
    var ttl: String?
    /// Atom `feed/author` and JSON Feed top-level `authors`: both formats say they apply to every
    /// item that names none of its own (RFC 4287 §4.2.1, JSON Feed 1.1).
    var authors: [String] = []
}

/// The fields text can be captured into.
enum CapturedField {
    case feedTitle, feedLink, feedLanguage, feedTTL
    case title, link, guid, summary, content, author, category, published, updated, mediaTitle, mediaDescription
    case personName, personEmail
}

/// How captured characters are interpreted.
enum CaptureMarkup {
    /// Identifiers, URLs, dates: trimmed, nothing else.
    case raw
    /// Text: entities decoded, whitespace collapsed.
    case plain
    /// Escaped or CDATA HTML: converted to text.
    case html
    /// Inline XHTML elements: re-serialised as HTML tags and converted to text.
    case xhtml

    /// Atom's `type` (1.0) and `mode` (0.3) attributes; nil for content that is not text
    /// (base64, images, out-of-line `src`).
    static func atom(type: String?, mode: String?) -> CaptureMarkup? {
        let mode = mode?.lowercased()
        if mode == "base64" { return nil }
        switch type?.lowercased() {
        case "html", "text/html":
            return .html
        case "xhtml", "application/xhtml+xml":
            return mode == "escaped" ? .html : .xhtml
        case nil, "text", "text/plain":
            return mode == "escaped" ? .html : .plain
        case let other?:
            return other.hasPrefix("text/") ? .plain : nil
        }
    }
}

extension Optional where Wrapped == String {
    /// Sets the value unless one is already there: the first occurrence of a field wins.
    mutating func fill(_ value: String?) {
        if self == nil, let value, !value.isEmpty { self = value }
    }
}
