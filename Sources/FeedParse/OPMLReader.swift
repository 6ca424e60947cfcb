import CLibXML2

/// One feed listed in an OPML subscription file.
public struct OPMLOutline: Sendable, Hashable {
    /// The outline's `xmlUrl`, as written.
    public var url: String
    /// `title`, else `text`; nil when neither is present.
    public var title: String?
    /// 1-based line of the `<outline>` element, for messages.
    public var line: Int
}

/// Why an OPML file could not be read, with the position libxml2 reported.
public struct OPMLError: Error, Sendable, Equatable {
    public var message: String
    public var line: Int
    public var column: Int
}

/// Reads OPML subscription lists (the format every feed reader exports), collecting every
/// outline with an `xmlUrl` at any depth of nested folders.
///
/// OPML files come from the operator, not from the network, but they are still parsed with the
/// same safety options as feeds: no DTD loading, no entity substitution, no network.
public enum OPMLReader {
    /// Folders nest a few levels deep in practice; this bounds work on a pathological file.
    static let maximumDepth = 64

    public static func parse(_ bytes: [UInt8]) throws(OPMLError) -> [OPMLOutline] {
        xmlInitParser()
        guard let context = xmlNewParserCtxt() else {
            throw OPMLError(message: "cannot create an XML parser", line: 1, column: 1)
        }
        defer { xmlFreeParserCtxt(context) }
        // libxml2 remembers only its last error, which for a broken file is usually a misleading
        // "premature end of data"; keep the first one through a structured error handler.
        var first = FirstError()
        context.pointee.sax.pointee.serror = recordFirstError
        let document = withUnsafeMutablePointer(to: &first) { firstPointer in
            context.pointee._private = UnsafeMutableRawPointer(firstPointer)
            defer { context.pointee._private = nil }
            return read(bytes, context: context)
        }
        guard let document else {
            throw first.error ?? lastError(context) ?? OPMLError(message: "OPML file is empty", line: 1, column: 1)
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            throw OPMLError(message: "OPML file has no root element", line: 1, column: 1)
        }
        let rootName = name(root)
        guard rootName.lowercased() == "opml" else {
            throw OPMLError(message: "not an OPML file (the root element is <\(rootName)>, expected <opml>)",
                            line: Int(xmlGetLineNo(root)), column: 1)
        }
        var outlines: [OPMLOutline] = []
        collect(root, depth: 0, into: &outlines)
        return outlines
    }

    private static func read(_ bytes: [UInt8], context: xmlParserCtxtPtr) -> xmlDocPtr? {
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue
                                | XML_PARSE_NOCDATA.rawValue)
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlCtxtReadMemory(context, $0, Int32(clamping: buffer.count), nil, nil, options)
                }
            } ?? nil
        }
    }

    private static func collect(_ parent: xmlNodePtr, depth: Int, into outlines: inout [OPMLOutline]) {
        guard depth < maximumDepth else { return }
        var child = parent.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE {
                if name(node).lowercased() == "outline", let url = attribute(node, "xmlurl") {
                    let title = attribute(node, "title") ?? attribute(node, "text")
                    outlines.append(OPMLOutline(url: url, title: title, line: Int(xmlGetLineNo(node))))
                }
                collect(node, depth: depth + 1, into: &outlines)
            }
            child = node.pointee.next
        }
    }

    private static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The trimmed, non-empty value of the attribute whose name matches `lowercased` in any case
    /// (exporters write `xmlUrl`, `xmlurl` and `XMLURL`).
    private static func attribute(_ node: xmlNodePtr, _ lowercased: String) -> String? {
        var property = node.pointee.properties
        while let attribute = property {
            defer { property = attribute.pointee.next }
            guard let rawName = attribute.pointee.name, String(cString: rawName).lowercased() == lowercased,
                  let raw = xmlNodeListGetString(node.pointee.doc, attribute.pointee.children, 1) else { continue }
            defer { fw_xml_free(raw) }
            let value = String(cString: raw).trimmingWhitespace()
            return value.isEmpty ? nil : value
        }
        return nil
    }

    private static func lastError(_ context: xmlParserCtxtPtr) -> OPMLError? {
        xmlCtxtGetLastError(context).map(OPMLError.init(libxml:))
    }
}

/// Where the structured error handler leaves the first error it sees.
private struct FirstError {
    var error: OPMLError?
}

/// libxml2's structured error callback: `userData` is the parser context (libxml2's default), whose
/// `_private` points at the `FirstError` of the running parse. Non-capturing, as C callbacks must be.
private let recordFirstError: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
    guard let slot = context.pointee._private?.assumingMemoryBound(to: FirstError.self),
          slot.pointee.error == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
    slot.pointee.error = OPMLError(libxml: error)
}

extension OPMLError {
    init(libxml error: xmlErrorPtr) {
        let text = error.pointee.message.map { String(cString: $0).trimmingWhitespace() } ?? "malformed XML"
        self.init(message: "malformed OPML: \(text)", line: max(Int(error.pointee.line), 1),
                  column: max(Int(error.pointee.int2), 1))
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
