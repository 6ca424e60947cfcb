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
    /// Text from the secondary elements (`dc:title`, `itunes:summary`, `media:description`, …),
    /// first copy of each kind: they fill an absent title or summary, and whatever they hold
    /// beyond that stays matchable as extra text, since a mention there is still a mention.
    var alternates: [AlternateText] = []
    var authors: [String] = []
    /// Atom `source/author`: the entry's authors when it names none itself (RFC 4287 §4.2.1).
    var sourceAuthors: [String] = []
    /// `itunes:author`: the authors only when no other element names one.
    var fallbackAuthors: [String] = []
    var categories: [String] = []
    /// Every copy, in document order: a bad first `pubDate` must not hide a good second one.
    var published = TextCopies()
    var updated = TextCopies()
    /// The entry's own `xml:lang` (or item `dc:language`), else the first one a text construct
    /// carried; primary subtag.
    var language: String?
    var textLanguage: String?
}

/// The copies of a repeated field. The first is stored inline so the usual single copy costs
/// no array allocation per item.
struct TextCopies {
    private(set) var first: String?
    private var more: [String] = []

    init(_ values: [String] = []) {
        for value in values { append(value) }
    }

    mutating func append(_ value: String) {
        if first == nil { first = value } else { more.append(value) }
    }

    var all: [String] { first.map { [$0] + more } ?? [] }
}

/// A secondary text element, in the order of preference within its field (lower fills first).
enum AlternateField: UInt8, Comparable {
    // Title candidates.
    case dcTitle, mediaTitle
    // Summary candidates.
    case dcDescription, rssSummary, itunesSummary, itunesSubtitle, mediaDescription

    var isTitle: Bool { self <= .mediaTitle }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

struct AlternateText {
    var field: AlternateField
    var text: String
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
enum CapturedField: Equatable {
    case feedTitle, feedLink, feedLanguage, feedTTL
    case title, link, guid, summary, content, author, category, published, updated
    case alternate(AlternateField)
    case fallbackAuthor, itemLanguage
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
    /// (images, out-of-line `src`). Atom 0.3 `mode="base64"` text is decoded by the builder first
    /// and then read by its `type`.
    static func atom(type: String?, mode: String?) -> CaptureMarkup? {
        let mode = mode?.lowercased()
        switch type?.lowercased() {
        case "html", "text/html":
            return .html
        case "xhtml", "application/xhtml+xml":
            return mode == "escaped" ? .html : .xhtml
        case nil, "", "text", "text/plain":
            return mode == "escaped" ? .html : .plain
        case let other?:
            return other.hasPrefix("text/") ? .plain : nil
        }
    }

    /// RFC 4287 §4.1.3.3: content of any other media type that is not XML is base64. It is read
    /// as text only when it decodes to UTF-8 (a document, not an image).
    static func isAtomBase64(type: String?) -> Bool {
        guard let type = type?.trimmingASCIIWhitespace().lowercased(), type.contains("/") else { return false }
        return !type.hasPrefix("text/") && !type.hasSuffix("+xml") && !type.hasSuffix("/xml")
            && type != "application/xhtml+xml"
    }
}

/// Language tags as feeds write them (`de-DE`, `en_us`, `EN`), reduced to what matching can use.
enum LanguageTag {
    /// The primary subtag, lower-cased, when it is 2–3 ASCII letters; nil for anything else
    /// (`""`, `"x-klingon"`, `"english"`, `"*"`), so garbage never selects a language's rules.
    static func primary(_ tag: String?) -> String? {
        guard let tag else { return nil }
        let trimmed = tag.trimmingASCIIWhitespace().utf8
        let primary = trimmed.prefix { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "_") }
        guard (2...3).contains(primary.count), primary.allSatisfy(isLetter) else { return nil }
        return String(decoding: primary.map { $0 | 0x20 }, as: UTF8.self)
    }
}

extension Optional where Wrapped == String {
    /// Sets the value unless one is already there: the first occurrence of a field wins.
    mutating func fill(_ value: String?) {
        if self == nil, let value, !value.isEmpty { self = value }
    }
}
