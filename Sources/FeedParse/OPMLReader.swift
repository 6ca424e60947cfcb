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
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
                                | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlCtxtReadMemory(context, $0, Int32(clamping: buffer.count), nil, nil, options)
                }
            } ?? nil
        }
        guard let document else {
            throw lastError(context) ?? OPMLError(message: "OPML file is empty", line: 1, column: 1)
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
        guard let error = xmlCtxtGetLastError(context) else { return nil }
        let message = error.pointee.message.map { String(cString: $0).trimmingWhitespace() } ?? "malformed XML"
        return OPMLError(message: "malformed OPML: \(message)", line: max(Int(error.pointee.line), 1),
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
