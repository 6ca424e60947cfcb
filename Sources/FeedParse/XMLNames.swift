/// The XML namespaces the feed formats use, recognised by URI (never by prefix).
enum XMLNamespace: UInt8 {
    case none, rss10, rss090, rdf, atom10, atom03, dublinCore, content, media, itunes, xhtml, xml, other

    /// Called once per namespace declaration: the exact URIs first, then the spellings lenient
    /// parsers accept (docs/parsing.md has the table).
    static func classify(_ uri: String) -> XMLNamespace {
        let exact = exactly(uri)
        return exact == .other ? leniently(uri) : exact
    }

    private static func exactly(_ uri: String) -> XMLNamespace {
        switch uri {
        case "": .none
        case "http://purl.org/rss/1.0/": .rss10
        case "http://my.netscape.com/rdf/simple/0.9/": .rss090
        case "http://www.w3.org/1999/02/22-rdf-syntax-ns#": .rdf
        case "http://www.w3.org/2005/Atom": .atom10
        case "http://purl.org/atom/ns#": .atom03
        case "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/": .dublinCore
        case "http://purl.org/rss/1.0/modules/content/": .content
        case "http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss": .media
        case "http://www.itunes.com/dtds/podcast-1.0.dtd": .itunes
        case "http://www.w3.org/1999/xhtml": .xhtml
        case "http://www.w3.org/XML/1998/namespace": .xml
        // Userland's short-lived RSS 2.0 namespace: treated like plain RSS.
        case "http://backend.userland.com/rss2", "http://backend.userland.com/rss": .none
        default: .other
        }
    }

    /// Publishers drop or add the trailing slash, write `https`, and iTunes' own documentation
    /// capitalises `DTDs/Podcast`; the module URIs are compared without case, scheme or trailing
    /// slash. Only the module namespaces are this lenient: the format namespaces (RSS 1.0, Atom)
    /// decide what a document is and stay exact.
    private static func leniently(_ uri: String) -> XMLNamespace {
        var text = uri.trimmingASCIIWhitespace().lowercased()
        guard text.utf8.count < 64 else { return .other }
        if text.hasPrefix("https://") { text.removeFirst(8) } else if text.hasPrefix("http://") { text.removeFirst(7) }
        while text.hasSuffix("/") { text.removeLast() }
        switch text {
        case "purl.org/rss/1.0/modules/content": return .content
        case "purl.org/dc/elements/1.1", "purl.org/dc/terms": return .dublinCore
        case "search.yahoo.com/mrss", "search.yahoo.com/mrss/rss", "video.search.yahoo.com/mrss": return .media
        case "www.itunes.com/dtds/podcast-1.0.dtd", "itunes.com/dtds/podcast-1.0.dtd": return .itunes
        default: return .other
        }
    }

    /// Namespaces for prefixes a document used without declaring them (a common publisher bug);
    /// only the well-known prefixes are guessed.
    static func guess(prefix: String) -> XMLNamespace {
        switch prefix {
        case "dc": .dublinCore
        case "content": .content
        case "media": .media
        case "itunes": .itunes
        case "atom": .atom10
        case "rdf": .rdf
        default: .other
        }
    }

    var isRSS: Bool { self == .none || self == .rss10 || self == .rss090 }
    var isAtom: Bool { self == .atom10 || self == .atom03 }
}

/// The local element names the parser reacts to; everything else is `.other`.
enum LocalName: UInt8, Sendable {
    case other
    case rss, rdfRoot, feed, channel, item, entry
    case title, link, description, guid, pubDate, author, category, language, ttl
    case id, summary, content, published, updated, issued, modified, created, name, email
    case creator, date, subject, encoded, source, image, textinput, contributor, group, subtitle, body, fullitem
    /// CDF's upper-case element names (`CHANNEL`, `ITEM`, `TITLE`, `ABSTRACT`).
    case cdfChannel, cdfItem, cdfTitle, cdfAbstract

    /// Classifies a name straight from document bytes; only the few recognised names longer than
    /// seven bytes build a `String`.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        switch bytes.count {
        case 0...7: self = Self.shortNames[Self.pack(bytes)] ?? .other
        case 8, 9, 11: self = LocalName(String(decoding: bytes, as: UTF8.self))
        default: self = .other
        }
    }

    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var key = UInt64(bytes.count) << 56
        for (offset, byte) in bytes.enumerated() { key |= UInt64(byte) << (UInt64(offset) * 8) }
        return key
    }

    /// Every recognised name of up to seven bytes, by packed key.
    private static let shortNames = PackedKeyTable<LocalName>(
        ["rss", "RDF", "feed", "channel", "item", "entry", "title", "link", "guid", "pubDate", "author", "ttl", "id",
         "summary", "content", "updated", "issued", "created", "name", "email", "creator", "date", "subject", "encoded",
         "source", "image", "group", "language", "category", "modified", "body",
         "CHANNEL", "ITEM", "TITLE"]
            .filter { $0.utf8.count <= 7 }
            .map { name in Array(name.utf8).withUnsafeBufferPointer { (pack($0), LocalName(name)) } })

    init(_ name: String) {
        self = switch name {
        case "rss": .rss
        case "RDF": .rdfRoot
        case "feed": .feed
        case "channel": .channel
        case "item": .item
        case "entry": .entry
        case "title": .title
        case "link": .link
        case "description": .description
        case "guid": .guid
        case "pubDate": .pubDate
        case "author": .author
        case "category": .category
        case "language": .language
        case "ttl": .ttl
        case "id": .id
        case "summary": .summary
        case "content": .content
        case "published": .published
        case "updated": .updated
        case "issued": .issued
        case "modified": .modified
        case "created": .created
        case "name": .name
        case "email": .email
        case "creator": .creator
        case "date": .date
        case "subject": .subject
        case "encoded": .encoded
        case "source": .source
        case "image": .image
        case "textinput", "textInput": .textinput
        case "contributor": .contributor
        case "group": .group
        case "subtitle": .subtitle
        case "body": .body
        case "fullitem": .fullitem
        case "CHANNEL": .cdfChannel
        case "ITEM": .cdfItem
        case "TITLE": .cdfTitle
        case "ABSTRACT": .cdfAbstract
        default: .other
        }
    }
}

/// An element as the builder sees it.
struct ElementName {
    var namespace: XMLNamespace
    var local: LocalName
}
