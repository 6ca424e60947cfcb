#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A strict, non-validating XML reader for the well-formed documents that make up nearly every
/// feed. libxml2 2.9.14 reads text with non-ASCII characters and CDATA sections one character at
/// a time (about 60 MB/s on a realistic corpus); this reader scans bytes and hands the same events
/// to `FeedBuilder`. It gives up (returns nil) at the first thing it does not fully understand:
/// any well-formedness error, a DOCTYPE with an internal subset, an entity that is neither
/// predefined nor HTML, nesting deeper than libxml2 allows. The caller then parses the document
/// with libxml2, whose recovery and warnings apply unchanged. So this reader can only make a
/// well-formed document faster, never change what a malformed one yields.
struct FastXMLReader {
    /// libxml2's own depth limit without `XML_PARSE_HUGE`; deeper documents go to libxml2.
    static let maxDepth = 255
    static let maxAttributes = AttributeBombScan.limit

    private let base: UnsafePointer<UInt8>
    private let end: Int
    private let builder: FeedBuilder
    private var index = 0
    private var openNames: [(start: Int, count: Int)] = []
    private var namespaces = NamespaceScopes()
    private let attributes: UnsafeMutableBufferPointer<FastAttribute>

    private struct GiveUp: Error {}

    /// The builder filled from `bytes`, or nil when libxml2 must parse the document instead.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, documentURL: String?) -> FeedBuilder? {
        guard let base = bytes.baseAddress else { return nil }
        let attributes = UnsafeMutableBufferPointer<FastAttribute>.allocate(capacity: maxAttributes)
        defer { attributes.deallocate() }
        var reader = FastXMLReader(base: base, end: bytes.count, builder: FeedBuilder(documentURL: documentURL),
                                   attributes: attributes)
        do {
            try reader.document()
        } catch {
            return nil
        }
        reader.builder.finish()
        return reader.builder
    }

    private init(base: UnsafePointer<UInt8>, end: Int, builder: FeedBuilder,
                 attributes: UnsafeMutableBufferPointer<FastAttribute>) {
        self.base = base
        self.end = end
        self.builder = builder
        self.attributes = attributes
        openNames.reserveCapacity(32)
    }

    // MARK: Document structure

    private mutating func document() throws {
        var sawRoot = false
        while index < end {
            if openNames.isEmpty {
                skipWhitespace()
                guard index < end else { break }
                guard base[index] == UInt8(ascii: "<") else { throw GiveUp() }
                if try markupOutsideElements(sawRoot: sawRoot) { continue }
                guard !sawRoot else { throw GiveUp() }
                sawRoot = true
                try startTag()
                if builder.notAFeed != nil { return }
            } else {
                try content()
            }
        }
        guard sawRoot, openNames.isEmpty else { throw GiveUp() }
    }

    /// Comments, processing instructions and (before the root) a DOCTYPE without internal subset;
    /// false when an element starts here.
    /// Comments and processing instructions (the XML declaration only at the very start); false
    /// when an element starts here. A DOCTYPE goes to libxml2: it may declare entities, which
    /// only that path handles (by ignoring them, with warnings).
    private mutating func markupOutsideElements(sawRoot: Bool) throws -> Bool {
        if hasPrefix("<?xml"), index == 0 {
            do {
                try XMLDeclaration.skip(base: base, end: end, index: &index)
            } catch {
                throw GiveUp()
            }
        } else if hasPrefix("<?") {
            try processingInstruction()
        } else if hasPrefix("<!--") {
            try comment()
        } else if index + 1 < end, base[index + 1] == UInt8(ascii: "!") || base[index + 1] == UInt8(ascii: "/") {
            throw GiveUp()
        } else {
            return false
        }
        return true
    }

    /// `<!-- … -->` without `--` inside, as XML requires.
    private mutating func comment() throws {
        let close = try find(sequence: "--", from: index + 4)
        guard close + 2 < end, base[close + 2] == UInt8(ascii: ">") else { throw GiveUp() }
        index = close + 3
    }

    /// `<?target …?>` whose target is an ASCII name other than `xml`.
    private mutating func processingInstruction() throws {
        index += 2
        let target = try name()
        guard target.prefixLength == 0, !(target.count == 3 && (0..<3).allSatisfy({
            (base[target.start + $0] | 0x20) == Array("xml".utf8)[$0]
        })) else { throw GiveUp() }
        if hasPrefix("?>") {
            index += 2
            return
        }
        guard skipWhitespace() else { throw GiveUp() }
        try skip(past: "?>", from: index)
    }

    /// Inside an element: text, references, CDATA, comments, child elements and end tags.
    private mutating func content() throws {
        let byte = base[index]
        if byte == UInt8(ascii: "<") {
            guard index + 1 < end else { throw GiveUp() }
            switch base[index + 1] {
            case UInt8(ascii: "/"):
                try endTag()
            case UInt8(ascii: "!"):
                if hasPrefix("<![CDATA[") {
                    let start = index + 9
                    let close = try find(sequence: "]]>", from: start)
                    // libxml2 turns CR LF into LF inside CDATA too; such sections go to libxml2.
                    if close > start, memchr(base + start, 0x0D, close - start) != nil { throw GiveUp() }
                    if close > start { builder.characters(UnsafeBufferPointer(start: base + start, count: close - start)) }
                    index = close + 3
                } else if hasPrefix("<!--") {
                    try comment()
                } else {
                    throw GiveUp()
                }
            case UInt8(ascii: "?"):
                try processingInstruction()
            default:
                try startTag()
            }
        } else if byte == UInt8(ascii: "&") {
            try reference(into: nil)
        } else {
            try text()
        }
    }

    /// Character data up to the next `<` or the next reference other than the five predefined
    /// ones, which are decoded here (escaped HTML is full of them); `\r\n` and lone `\r` become
    /// `\n` as XML requires. The builder sees the same calls as for separate text and references.
    private mutating func text() throws {
        var runStart = index
        var cursor = index
        let raw = UnsafeRawPointer(base)
        while true {
            // Eight bytes at a time to the next `<`, `&`, CR or `]`.
            while cursor &+ 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)
                let stops = ByteMask.equal(word, 0x3C) | ByteMask.equal(word, 0x26) | ByteMask.equal(word, 0x0D)
                    | ByteMask.equal(word, 0x5D)
                if stops != 0 {
                    cursor &+= ByteMask.firstOffset(stops)
                    break
                }
                cursor &+= 8
            }
            while cursor < end, !Self.endsPlainText(base[cursor]) { cursor &+= 1 }
            guard cursor < end else { break }
            let byte = base[cursor]
            if byte == UInt8(ascii: "]") {
                // `]]>` is not allowed in character data; libxml2 reports it.
                if cursor &+ 2 < end, base[cursor &+ 1] == UInt8(ascii: "]"), base[cursor &+ 2] == UInt8(ascii: ">") {
                    throw GiveUp()
                }
                cursor &+= 1
                continue
            }
            guard byte == UInt8(ascii: "&"), let (decoded, length) = predefinedReference(at: cursor) else { break }
            if cursor > runStart { builder.characters(UnsafeBufferPointer(start: base + runStart, count: cursor &- runStart)) }
            builder.character(decoded)
            cursor &+= length
            runStart = cursor
        }
        if cursor > runStart { builder.characters(UnsafeBufferPointer(start: base + runStart, count: cursor &- runStart)) }
        index = cursor
        if cursor < end, base[cursor] == 0x0D {
            builder.character(0x0A)
            index = cursor + 1 < end && base[cursor + 1] == 0x0A ? cursor + 2 : cursor + 1
        }
    }

    @inline(__always)
    private static func endsPlainText(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte == 0x0D || byte == UInt8(ascii: "]")
    }

    // MARK: Tags

    private mutating func startTag() throws {
        index += 1
        let qualified = try name()
        guard openNames.count < Self.maxDepth else { throw GiveUp() }
        namespaces.openScope()
        var count = 0
        var decoded: [UnsafeMutableBufferPointer<UInt8>] = []
        defer { for buffer in decoded { buffer.deallocate() } }
        var selfClosing = false
        while true {
            let hadSpace = skipWhitespace()
            guard index < end else { throw GiveUp() }
            if base[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            if base[index] == UInt8(ascii: "/") {
                guard index + 1 < end, base[index + 1] == UInt8(ascii: ">") else { throw GiveUp() }
                index += 2
                selfClosing = true
                break
            }
            guard hadSpace, count < Self.maxAttributes else { throw GiveUp() }
            let attributeName = try name()
            skipWhitespace()
            guard index < end, base[index] == UInt8(ascii: "=") else { throw GiveUp() }
            index += 1
            skipWhitespace()
            let value = try attributeValue(decoded: &decoded)
            if try !declareNamespace(attributeName, value: value) {
                // A repeated attribute is an error libxml2 reports.
                let local = localPart(attributeName)
                for other in attributes[0..<count] where other.name.elementsEqual(local) { throw GiveUp() }
                attributes[count] = FastAttribute(name: local, namespaced: attributeName.prefixLength > 0, value: value)
                if attributeName.prefixLength > 0, namespaces.lookup(prefixOf(attributeName)) == nil { throw GiveUp() }
                count += 1
            }
        }
        guard let namespace = namespaces.lookup(prefixOf(qualified)) else { throw GiveUp() }
        let local = localPart(qualified)
        let element = ElementName(namespace: namespace, local: LocalName(bytes: local))
        builder.startElement(element, localName: local,
                             attributes: XMLAttributes(fast: UnsafeBufferPointer(rebasing: attributes[0..<count])))
        if builder.notAFeed != nil { throw GiveUp() }
        if selfClosing {
            builder.endElement(localName: local)
            namespaces.closeScope()
        } else {
            openNames.append((qualified.start, qualified.count))
        }
    }

    private mutating func endTag() throws {
        index += 2
        let qualified = try name()
        skipWhitespace()
        guard index < end, base[index] == UInt8(ascii: ">"), let open = openNames.popLast(), open.count == qualified.count,
              memcmp(base + open.start, base + qualified.start, open.count) == 0 else { throw GiveUp() }
        index += 1
        builder.endElement(localName: localPart(qualified))
        namespaces.closeScope()
    }

    private struct QualifiedName {
        var start: Int
        var count: Int
        /// Bytes before the colon (0 when unprefixed).
        var prefixLength: Int
    }

    private mutating func name() throws -> QualifiedName {
        let start = index
        var colon = 0
        guard index < end, isNameStart(base[index]) else { throw GiveUp() }
        index += 1
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: ":") {
                guard colon == 0 else { throw GiveUp() }
                colon = index - start
            } else if !isNameStart(byte) && !(byte >= 0x30 && byte <= 0x39) && byte != UInt8(ascii: "-")
                        && byte != UInt8(ascii: ".") {
                break
            }
            index += 1
        }
        guard colon == 0 || (colon > 0 && colon < index - start - 1) else { throw GiveUp() }
        return QualifiedName(start: start, count: index - start, prefixLength: colon)
    }

    private func localPart(_ name: QualifiedName) -> UnsafeBufferPointer<UInt8> {
        let skip = name.prefixLength == 0 ? 0 : name.prefixLength + 1
        return UnsafeBufferPointer(start: base + name.start + skip, count: name.count - skip)
    }

    private func prefixOf(_ name: QualifiedName) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + name.start, count: name.prefixLength)
    }

    /// Records `xmlns` / `xmlns:p`; false for any other attribute. A namespace name that is not
    /// a plain RFC 3986 URI makes libxml2 report an error, so such documents go to libxml2.
    private mutating func declareNamespace(_ attribute: QualifiedName, value: UnsafeBufferPointer<UInt8>) throws -> Bool {
        let startsWithXMLNS = attribute.count >= 5 && memcmp(base + attribute.start, "xmlns", 5) == 0
        let isDefault = attribute.prefixLength == 0 && attribute.count == 5 && startsWithXMLNS
        guard isDefault || (attribute.prefixLength == 5 && startsWithXMLNS) else { return false }
        guard Self.isPlainURI(value) else { throw GiveUp() }
        let namespace = XMLNamespace.classify(String(decoding: value, as: UTF8.self))
        if isDefault {
            namespaces.declare(prefix: [], namespace: namespace)
        } else {
            guard !value.isEmpty else { throw GiveUp() }
            namespaces.declare(prefix: Array(localPart(attribute)), namespace: namespace)
        }
        return true
    }

    /// Only RFC 3986 unreserved and reserved characters (brackets excepted) and `%HH` escapes,
    /// and an authority (after `scheme://`) that is a plain host with at most a numeric port:
    /// libxml2 rejects `http://s::::x/` and the like, so anything fancier goes to libxml2.
    private static func isPlainURI(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard hasPlainAuthority(value) else { return false }
        var index = 0
        while index < value.count {
            let byte = value[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < value.count, value[index + 1].isHexDigitASCII, value[index + 2].isHexDigitASCII else {
                    return false
                }
                index += 3
                continue
            }
            guard isAlphanumeric(byte) || isURIPunctuation(byte) else { return false }
            index += 1
        }
        return true
    }

    private static func hasPlainAuthority(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let slashes = (0..<max(value.count - 2, 0)).first(where: {
            value[$0] == UInt8(ascii: ":") && value[$0 + 1] == UInt8(ascii: "/") && value[$0 + 2] == UInt8(ascii: "/")
        }) else { return true }
        let start = slashes + 3
        let end = value[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
            ?? value.count
        let authority = value[start..<end]
        guard !authority.contains(UInt8(ascii: "@")) else { return false }
        guard let colon = authority.firstIndex(of: UInt8(ascii: ":")) else { return true }
        let port = authority[(colon + 1)...]
        return !port.isEmpty && port.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// One of `-._~:/?#@!$&'()*+,;=`.
    private static func isURIPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x2D, 0x2E, 0x5F, 0x7E, 0x3A, 0x2F, 0x3F, 0x23, 0x40, 0x21, 0x24, 0x26, 0x27, 0x28...0x2C, 0x3B, 0x3D: true
        default: false
        }
    }

    /// A quoted value; references and whitespace normalisation are applied in a copy that lives
    /// in `decoded` until the element's event has been delivered.
    private mutating func attributeValue(decoded: inout [UnsafeMutableBufferPointer<UInt8>]) throws
        -> UnsafeBufferPointer<UInt8> {
        guard index < end, base[index] == 0x22 || base[index] == 0x27 else { throw GiveUp() }
        let quote = base[index]
        let start = index + 1
        var cursor = start
        var plain = true
        while cursor < end, base[cursor] != quote {
            switch base[cursor] {
            case UInt8(ascii: "<"): throw GiveUp()
            case UInt8(ascii: "&"), 0x09, 0x0A, 0x0D: plain = false
            default: break
            }
            cursor += 1
        }
        guard cursor < end else { throw GiveUp() }
        index = cursor + 1
        if plain { return UnsafeBufferPointer(start: base + start, count: cursor - start) }
        var value: [UInt8] = []
        var inner = start
        while inner < cursor {
            let byte = base[inner]
            if byte == UInt8(ascii: "&") {
                let saved = index
                index = inner
                try reference(into: &value)
                inner = index
                index = saved
                continue
            }
            if byte == 0x0D, inner + 1 < cursor, base[inner + 1] == 0x0A { inner += 1 }
            value.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte)
            inner += 1
        }
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(value.count, 1))
        _ = copy.initialize(from: value)
        decoded.append(copy)
        return UnsafeBufferPointer(start: copy.baseAddress, count: value.count)
    }

    // MARK: References

    /// `&…;` at `index`: predefined, numeric or HTML named. Text goes to the builder, or into
    /// `buffer` inside attribute values.
    private mutating func reference(into buffer: UnsafeMutablePointer<[UInt8]>?) throws {
        if let (byte, length) = predefinedReference(at: index) {
            if let buffer { buffer.pointee.append(byte) } else { builder.character(byte) }
            index += length
            return
        }
        let start = index + 1
        let semicolon = try find(UInt8(ascii: ";"), from: start, limit: 40)
        let name = UnsafeBufferPointer(start: base + start, count: semicolon - start)
        index = semicolon + 1
        guard let first = name.first else { throw GiveUp() }
        if let predefined = XMLReferences.predefined(name) {
            if let buffer { buffer.pointee.append(predefined) } else { builder.character(predefined) }
        } else if first == UInt8(ascii: "#") {
            guard let scalar = XMLReferences.numericReference(UnsafeBufferPointer(rebasing: name.dropFirst())) else { throw GiveUp() }
            for byte in String(Character(scalar)).utf8 {
                if let buffer { buffer.pointee.append(byte) } else { builder.character(byte) }
            }
        } else if isNameStart(first), let entry = HTMLEntityTable.shared.lookup(name, semicolon: true) {
            if let buffer {
                buffer.pointee.append(contentsOf: entry.value)
            } else {
                entry.value.withUnsafeBufferPointer { builder.characters($0) }
            }
        } else {
            throw GiveUp()
        }
    }

    /// `&lt;`, `&gt;`, `&amp;`, `&quot;` or `&apos;` at `index`, read with one four-byte load:
    /// escaped HTML is full of them, and the general path searches for the `;` first.
    @inline(__always)
    private func predefinedReference(at index: Int) -> (byte: UInt8, length: Int)? {
        guard index + 5 <= end else { return nil }
        let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index + 1, as: UInt32.self).littleEndian
        switch word & 0xFF_FFFF {
        case 0x3B_746C: return (UInt8(ascii: "<"), 4)
        case 0x3B_7467: return (UInt8(ascii: ">"), 4)
        default: break
        }
        switch word {
        case 0x3B70_6D61: return (UInt8(ascii: "&"), 5)
        case 0x746F_7571 where index + 6 <= end && base[index + 5] == UInt8(ascii: ";"): return (0x22, 6)
        case 0x736F_7061 where index + 6 <= end && base[index + 5] == UInt8(ascii: ";"): return (0x27, 6)
        default: return nil
        }
    }

    // MARK: Byte helpers

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = index
        while index < end, base[index] == 0x20 || base[index] == 0x0A || base[index] == 0x09 || base[index] == 0x0D {
            index += 1
        }
        return index > start
    }

    private func hasPrefix(_ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        return index + length <= end && memcmp(base + index, text.utf8Start, length) == 0
    }

    private func find(_ byte: UInt8, from start: Int, limit: Int = .max) throws -> Int {
        let stop = limit == .max ? end : min(end, start + limit)
        guard start < stop, let found = memchr(base + start, Int32(byte), stop - start) else { throw GiveUp() }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    private func find(sequence: StaticString, from start: Int) throws -> Int {
        var cursor = start
        while true {
            let candidate = try find(sequence.utf8Start[0], from: cursor)
            let length = sequence.utf8CodeUnitCount
            if candidate + length <= end, memcmp(base + candidate, sequence.utf8Start, length) == 0 { return candidate }
            cursor = candidate + 1
        }
    }

    private mutating func skip(past sequence: StaticString, from start: Int) throws {
        index = try find(sequence: sequence, from: start) + sequence.utf8CodeUnitCount
    }
}

/// ASCII name characters only: libxml2 checks non-ASCII names against XML's tables, so
/// documents using them go to libxml2.
@inline(__always)
private func isNameStart(_ byte: UInt8) -> Bool {
    isLetter(byte) || byte == UInt8(ascii: "_")
}
