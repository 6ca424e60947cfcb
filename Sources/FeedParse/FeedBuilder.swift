/// Turns the element events of a feed document into drafts. It keeps its own element stack, so a
/// malformed document (libxml2 closes mismatched tags for us, unclosed items are closed when the
/// next one starts) still yields every item that can be recovered.
///
/// Only ever used by one parse on one thread; the hot properties skip the runtime exclusivity
/// checks, which otherwise cost about a tenth of the parse time.
final class FeedBuilder {
    private(set) var format: FeedFormat?
    /// Set when the root element shows the document is no feed; parsing stops there.
    private(set) var notAFeed: String?
    private(set) var feed = FeedDraft()
    private(set) var items: [ItemDraft] = []
    private(set) var warnings: [String] = []

    private let documentURL: String?
    @exclusivity(unchecked)
    private var stack: [Frame] = []
    private var bases: [String] = []
    @exclusivity(unchecked)
    private var item: ItemDraft?
    private var itemFrame = -1
    private var person: (name: String?, email: String?)?
    /// Whether the open `author` is an entry's `source/author` (used only when the entry has none).
    private var personInSource = false
    /// The root was `<feed>` without the Atom namespace: its unprefixed elements are read as
    /// Atom 1.0, the way lenient parsers read such feeds.
    private var atomWithoutNamespace = false
    @exclusivity(unchecked)
    private var capture: Capture?
    @exclusivity(unchecked)
    private var text = ByteBuffer(capacity: 16_384)
    @exclusivity(unchecked)
    private var writer = PlainTextWriter(capacity: 4096)

    private enum Role { case plain, root, channel, item, skip, author, source, media, capture, markup }

    private struct Frame {
        var role: Role
        var pushedBase: Bool
    }

    private struct Capture {
        var field: CapturedField
        var markup: CaptureMarkup
        /// Atom 0.3 `mode="base64"`: the captured characters are base64 of the text.
        var base64 = false
        /// Base64 of some media type: kept only when it decodes to valid UTF-8.
        var base64MustBeUTF8 = false
    }

    init(documentURL: String?) {
        self.documentURL = documentURL
        stack.reserveCapacity(32)
    }

    // MARK: Events

    func startElement(_ name: ElementName, localName: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) {
        var name = name
        if atomWithoutNamespace, name.namespace == .none { name.namespace = .atom10 }
        var pushedBase = false
        if let base = attributes.value("base", namespaced: true) {
            bases.append(LinkResolver.resolve(base, against: bases.last ?? documentURL))
            pushedBase = true
        }
        let role: Role
        if stack.isEmpty {
            role = root(name, localName: localName, attributes: attributes)
        } else if format != nil, isItemStart(name) {
            if capture != nil { endCapture() }
            if item != nil { closeItem(implicitly: true) }
            item = ItemDraft()
            itemFrame = stack.count
            if let about = attributes.anyNamespaceValue("about") { item?.guid.fill(about.trimmingASCIIWhitespace()) }
            if format == .cdf { cdfItemAttributes(attributes) }
            if let language = attributes.value("lang", namespaced: true) { item?.language = LanguageTag.primary(language) }
            role = .item
        } else if let capture {
            if capture.markup == .html || capture.markup == .xhtml {
                appendTag(localName, closing: false)
                role = .markup
            } else {
                role = .plain
            }
        } else {
            switch stack[stack.count - 1].role {
            case .root, .channel: role = feedChild(name, attributes: attributes)
            case .item: role = itemChild(name, attributes: attributes)
            case .author: role = personChild(name)
            case .source: role = sourceChild(name)
            case .media: role = mediaChild(name, attributes: attributes)
            case .skip: role = .skip
            case .plain, .capture, .markup: role = .plain
            }
        }
        stack.append(Frame(role: role, pushedBase: pushedBase))
    }

    func endElement(localName: UnsafeBufferPointer<UInt8>) {
        guard let frame = stack.popLast() else { return }
        switch frame.role {
        case .markup: appendTag(localName, closing: true)
        case .capture: endCapture()
        case .item: closeItem(implicitly: false)
        case .author: closePerson()
        default: break
        }
        if frame.pushedBase { bases.removeLast() }
    }

    /// Inlined into the readers' text loops: the common case is one copy into the buffer.
    @inline(__always)
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let capture else { return }
        if capture.markup == .xhtml {
            appendEscaped(bytes)
        } else {
            text.append(bytes)
        }
    }

    /// One byte of text (a decoded predefined or numeric reference).
    @inline(__always)
    func character(_ byte: UInt8) {
        guard let capture else { return }
        if capture.markup == .xhtml, byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") {
            withUnsafePointer(to: byte) { appendEscaped(UnsafeBufferPointer(start: $0, count: 1)) }
        } else {
            text.append(byte)
        }
    }

    /// Text inside XHTML is text, not markup: keep it so when re-serialised. The fast reader's
    /// text runs never hold `<` or `&` (it stops at both), so the search skips eight bytes at a time.
    private func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        var runStart = 0
        var index = 0
        while index < bytes.count {
            if index + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let stops = ByteMask.equal(word, UInt8(ascii: "<")) | ByteMask.equal(word, UInt8(ascii: "&"))
                if stops == 0 {
                    index += 8
                    continue
                }
                index += ByteMask.firstOffset(stops)
            }
            let byte = base[index]
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") {
                text.append(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                byte == UInt8(ascii: "<") ? "&lt;".utf8.forEach { text.append($0) } : "&amp;".utf8.forEach { text.append($0) }
                runStart = index + 1
            }
            index += 1
        }
        text.append(UnsafeBufferPointer(start: base + runStart, count: bytes.count - runStart))
    }

    /// Called once after the last event: closes whatever a truncated document left open.
    func finish() {
        if capture != nil { endCapture() }
        if item != nil {
            warnings.append("document ended inside an item; kept what was read")
            closeItem(implicitly: false)
        }
    }

    // MARK: Structure

    private func root(_ name: ElementName, localName: UnsafeBufferPointer<UInt8>, attributes: XMLAttributes) -> Role {
        switch (name.local, name.namespace) {
        case (.rss, .none):
            let declared = attributes.value("version")?.trimmingASCIIWhitespace()
            if declared == nil { warnings.append("<rss> without a version attribute; read as RSS 2.0") }
            let version = declared ?? ""
            format = version.hasPrefix("0.91") ? .rss091
                : version.hasPrefix("0.9") && version != "0.90" ? .rss092
                : version == "0.90" ? .rss090 : .rss2
        case (.rdfRoot, .rdf):
            format = .rss1
        case (.feed, .atom10):
            format = .atom10
        case (.feed, .atom03):
            format = .atom03
        case (.cdfChannel, .none):
            format = .cdf
            if let href = attributes.value("HREF")?.trimmingASCIIWhitespace(), !href.isEmpty {
                feed.link = href
                feed.linkBase = bases.last
            }
        case (.feed, .none):
            format = .atom10
            atomWithoutNamespace = true
            warnings.append("<feed> without the Atom namespace; read as Atom 1.0")
        default:
            let local = String(decoding: localName, as: UTF8.self)
            notAFeed = local.lowercased() == "html" ? "HTML page" : "XML document with root element <\(local)>"
            return .skip
        }
        if let language = attributes.value("lang", namespaced: true) { feed.language.fill(language) }
        return name.namespace.isAtom ? .channel : .root
    }

    private func isItemStart(_ name: ElementName) -> Bool {
        (name.local == .item && name.namespace.isRSS) || (name.local == .entry && name.namespace.isAtom)
            || (name.local == .cdfItem && format == .cdf && name.namespace == .none)
    }

    /// A CDF item keeps its link and date in attributes: `<ITEM HREF="…" LASTMOD="…">`.
    private func cdfItemAttributes(_ attributes: XMLAttributes) {
        if let href = attributes.value("HREF")?.trimmingASCIIWhitespace(), !href.isEmpty {
            item?.link = href
            item?.linkBase = bases.last
        }
        if let lastModified = attributes.value("LASTMOD")?.trimmingASCIIWhitespace(), !lastModified.isEmpty {
            item?.updated.append(lastModified)
        }
    }

    private func feedChild(_ name: ElementName, attributes: XMLAttributes) -> Role {
        let ns = name.namespace
        switch name.local {
        case .channel where ns.isRSS:
            if format == .rss1, ns == .rss090 { format = .rss090 }
            if let language = attributes.value("lang", namespaced: true) { feed.language.fill(language) }
            return .channel
        case .title where ns.isRSS:
            return begin(.feedTitle, .html)
        case .cdfTitle where format == .cdf && ns == .none:
            return begin(.feedTitle, .html)
        case .title where ns.isAtom:
            return beginAtom(.feedTitle, attributes)
        case .link where ns.isRSS:
            return begin(.feedLink, .raw)
        case .link where ns.isAtom:
            if let href = alternateLink(attributes), feed.link == nil {
                feed.link = href
                feed.linkBase = bases.last
            }
            return .plain
        case .language where ns.isRSS || ns == .dublinCore:
            return begin(.feedLanguage, .raw)
        case .ttl where ns.isRSS:
            return begin(.feedTTL, .raw)
        case .author where ns.isAtom:
            person = (nil, nil)
            return .author
        case .image, .textinput, .author, .contributor, .source:
            return .skip
        default:
            return .plain
        }
    }

    private func itemChild(_ name: ElementName, attributes: XMLAttributes) -> Role {
        let ns = name.namespace
        switch (name.local, ns) {
        case (.title, _) where ns.isRSS: return beginRSSText(.title, .html, attributes)
        case (.title, _) where ns.isAtom: return beginAtom(.title, attributes)
        case (.title, .dublinCore): return begin(.alternate(.dcTitle), .html)
        case (.cdfTitle, .none) where format == .cdf: return begin(.title, .html)
        case (.cdfAbstract, .none) where format == .cdf: return begin(.summary, .html)
        case (.link, _) where ns.isRSS: return begin(.link, .raw)
        case (.link, _) where ns.isAtom:
            if let href = alternateLink(attributes), item?.link == nil {
                item?.link = href
                item?.linkBase = bases.last
            }
            return .plain
        case (.description, _) where ns.isRSS: return beginRSSText(.summary, .html, attributes)
        case (.summary, _) where ns.isAtom: return beginAtom(.summary, attributes)
        case (.description, .dublinCore): return begin(.alternate(.dcDescription), .html)
        case (.summary, _) where ns.isRSS: return begin(.alternate(.rssSummary), .html)
        case (.summary, .itunes): return begin(.alternate(.itunesSummary), .html)
        case (.subtitle, .itunes): return begin(.alternate(.itunesSubtitle), .html)
        case (.encoded, .content): return beginRSSText(.content, .html, attributes)
        // Old RSS extensions feedparser still reads as the item's full text. `body` is XHTML's,
        // but publishers (and feedparser's tests) often leave its namespace off.
        case (.body, .xhtml): return beginRSSText(.content, .xhtml, attributes)
        case (.body, _) where ns.isRSS: return beginRSSText(.content, .xhtml, attributes)
        case (.fullitem, _) where ns.isRSS: return beginRSSText(.content, .html, attributes)
        case (.content, _) where ns.isAtom:
            return attributes.value("src") == nil ? beginAtom(.content, attributes) : .skip
        case (.guid, .none):
            if attributes.value("isPermaLink")?.trimmingASCIIWhitespace().lowercased() == "false" {
                item?.guidIsPermaLink = false
            }
            return begin(.guid, .raw)
        case (.id, _) where ns.isAtom: return begin(.guid, .raw)
        case (.author, .none), (.creator, .dublinCore), (.author, .dublinCore): return begin(.author, .html)
        case (.author, .itunes): return begin(.fallbackAuthor, .html)
        case (.language, .dublinCore): return begin(.itemLanguage, .raw)
        case (.author, _) where ns.isAtom:
            person = (nil, nil)
            return .author
        case (.category, .none), (.subject, .dublinCore): return begin(.category, .html)
        case (.category, _) where ns.isAtom:
            if let term = attributes.value("label") ?? attributes.value("term") {
                let category = HTMLText.plainText(fromText: term)
                if !category.isEmpty { item?.categories.append(category) }
            }
            return .plain
        case (.pubDate, .none), (.date, .dublinCore), (.published, _), (.issued, _), (.created, _):
            return ns.isRSS || ns.isAtom || ns == .dublinCore ? begin(.published, .raw) : .plain
        case (.updated, _) where ns.isAtom, (.modified, _) where ns.isAtom || ns == .dublinCore:
            return begin(.updated, .raw)
        case (.source, _) where ns.isAtom: return .source
        case (.contributor, _): return .skip
        default:
            return ns == .media ? mediaChild(name, attributes: attributes) : .plain
        }
    }

    /// Inside an entry's `atom:source` only the authors count (the source's title and links are
    /// the original feed's, not the entry's).
    private func sourceChild(_ name: ElementName) -> Role {
        guard name.namespace.isAtom, name.local == .author else { return .skip }
        person = (nil, nil)
        personInSource = true
        return .author
    }

    private func personChild(_ name: ElementName) -> Role {
        guard name.namespace.isAtom else { return .plain }
        switch name.local {
        case .name: return begin(.personName, .plain)
        case .email: return begin(.personEmail, .raw)
        default: return .plain
        }
    }

    private func mediaChild(_ name: ElementName, attributes: XMLAttributes) -> Role {
        guard name.namespace == .media else { return .plain }
        let markup: CaptureMarkup = attributes.value("type")?.lowercased() == "html" ? .html : .plain
        switch name.local {
        case .group, .content: return .media
        case .title: return begin(.alternate(.mediaTitle), markup)
        case .description: return begin(.alternate(.mediaDescription), markup)
        default: return .plain
        }
    }

    /// An Atom text construct: markup from `type`/`mode`, base64 text decoded (Atom 0.3), and
    /// its `xml:lang` noted as the entry's language when the entry declares none itself.
    private func beginAtom(_ field: CapturedField, _ attributes: XMLAttributes) -> Role {
        let mode = attributes.value("mode")
        let type = attributes.value("type")
        // RFC 4287 only allows binary media types in `content`, but lenient parsers decode a
        // `title` or `summary` that declares one the same way rather than drop its text.
        if mode == nil, CaptureMarkup.isAtomBase64(type: type) {
            let role = begin(field, .plain)
            capture?.base64 = true
            capture?.base64MustBeUTF8 = true
            noteTextLanguage(attributes)
            return role
        }
        let role = begin(field, CaptureMarkup.atom(type: type, mode: mode))
        if role == .capture, let mode, mode.trimmingASCIIWhitespace().lowercased() == "base64" { capture?.base64 = true }
        noteTextLanguage(attributes)
        return role
    }

    /// An RSS item's text element. Its `xml:lang` speaks for the item when the item declares
    /// none itself, as an Atom text construct's does (`content:encoded xml:lang="en"`).
    private func beginRSSText(_ field: CapturedField, _ markup: CaptureMarkup, _ attributes: XMLAttributes) -> Role {
        noteTextLanguage(attributes)
        return begin(field, markup)
    }

    /// The first `xml:lang` on one of the item's text elements, the fallback for its language.
    private func noteTextLanguage(_ attributes: XMLAttributes) {
        if item != nil, item?.textLanguage == nil, let language = attributes.value("lang", namespaced: true) {
            item?.textLanguage = LanguageTag.primary(language)
        }
    }

    /// The `href` of an Atom link that points at the human-readable page (`rel` absent or
    /// `alternate`).
    private func alternateLink(_ attributes: XMLAttributes) -> String? {
        let rel = attributes.value("rel")?.trimmingASCIIWhitespace().lowercased() ?? "alternate"
        guard rel == "alternate" || rel.hasSuffix("/alternate"),
              let href = attributes.value("href")?.trimmingASCIIWhitespace(), !href.isEmpty else { return nil }
        return href
    }

    // MARK: Capture

    private func begin(_ field: CapturedField, _ markup: CaptureMarkup?) -> Role {
        guard let markup else { return .skip }
        capture = Capture(field: field, markup: markup)
        text.removeAll()
        return .capture
    }

    private func appendTag(_ name: UnsafeBufferPointer<UInt8>, closing: Bool) {
        text.append(UInt8(ascii: "<"))
        if closing { text.append(UInt8(ascii: "/")) }
        text.append(name)
        text.append(UInt8(ascii: ">"))
    }

    private func endCapture() {
        guard let capture else { return }
        self.capture = nil
        if capture.base64 { decodeBase64Text(requireUTF8: capture.base64MustBeUTF8) }
        let value: String?
        switch capture.markup {
        case .raw:
            let bytes = text.bytes
            if let first = bytes.firstIndex(where: { $0 > 0x20 }), let last = bytes.lastIndex(where: { $0 > 0x20 }) {
                value = String(decoding: bytes[first...last], as: UTF8.self)
            } else {
                value = nil
            }
        case .plain, .html, .xhtml:
            writer.reset()
            HTMLTextScanner.convert(text.bytes, markup: capture.markup == .plain ? .plain : .html, into: &writer)
            value = writer.text
        }
        store(value, in: capture.field)
    }

    /// Replaces the captured base64 with the text it encodes: invalid UTF-8 becomes U+FFFD and
    /// control characters are dropped, as for a document's own bytes. Undecodable base64 leaves
    /// nothing (the field stays absent rather than showing the encoding).
    private func decodeBase64Text(requireUTF8: Bool) {
        let decoded = Base64Text.decode(text.bytes)
        text.removeAll()
        guard let decoded else { return }
        if requireUTF8, decoded.withUnsafeBufferPointer(UTF8Repair.firstProblem) != nil { return }
        let clean = String(decoding: decoded, as: UTF8.self).utf8.filter { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        clean.withUnsafeBufferPointer { text.append($0) }
    }

    private func store(_ value: String?, in field: CapturedField) {
        switch field {
        case .feedTitle: feed.title.fill(value)
        case .feedLink:
            if feed.link == nil, value != nil { feed.linkBase = bases.last }
            feed.link.fill(value)
        case .feedLanguage: feed.language.fill(value)
        case .feedTTL: feed.ttl.fill(value)
        case .personName: person?.name.fill(value)
        case .personEmail: person?.email.fill(value)
        default: storeItemField(value, in: field)
        }
    }

    private func storeItemField(_ value: String?, in field: CapturedField) {
        guard item != nil, let value else { return }
        switch field {
        case .title: item?.title.fill(value)
        case let .alternate(kind):
            if item?.alternates.contains(where: { $0.field == kind }) == false {
                item?.alternates.append(AlternateText(field: kind, text: value))
            }
        case .link:
            if item?.link == nil { item?.linkBase = bases.last }
            item?.link.fill(value)
        case .guid: item?.guid.fill(value)
        case .summary: item?.summary.fill(value)
        case .content: item?.content.fill(value)
        case .author: item?.authors.append(PersonText.name(value))
        case .fallbackAuthor: item?.fallbackAuthors.append(PersonText.name(value))
        case .itemLanguage: if item?.language == nil { item?.language = LanguageTag.primary(value) }
        case .category: item?.categories.append(value)
        case .published: item?.published.append(value)
        case .updated: item?.updated.append(value)
        default: break
        }
    }

    private func closePerson() {
        if let person, let name = person.name ?? person.email {
            if item == nil {
                feed.authors.append(name)
            } else if personInSource {
                item?.sourceAuthors.append(name)
            } else {
                item?.authors.append(name)
            }
        }
        personInSource = false
        person = nil
    }

    private func closeItem(implicitly: Bool) {
        // Moved out rather than copied: a copy retains every field and `item = nil` releases them.
        guard let finished = item.take() else { return }
        if implicitly {
            warnings.append("item \(items.count + 1) was not closed before the next one started")
            // The old item's open elements no longer mean anything; their end tags are ignored.
            if itemFrame >= 0 {
                for index in itemFrame..<stack.count { stack[index].role = .plain }
            }
        }
        items.append(finished)
        itemFrame = -1
        person = nil
    }
}
