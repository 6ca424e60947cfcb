import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// Drives libxml2's SAX2 parser over a UTF-8 document and forwards its events to a
/// `FeedBuilder`. This file and `LibXML2Entities.swift` are the only places that see libxml2.
///
/// Security: no DTD, external entity or network access is ever made (`XML_PARSE_NOENT`,
/// `XML_PARSE_DTDLOAD` and `XML_PARSE_HUGE` are never set; libxml2 does not even record entity
/// declarations). The document's own internal entities come from `InternalSubset`, expanded
/// and bounded there, and are handed out as text through `getEntity`, ahead of the HTML5 table
/// that resolves undeclared HTML entities.
enum XMLFeedReader {
    struct Output {
        var builder: FeedBuilder
        var warnings: [String]
        var sawStrayAmpersand = false
        /// libxml2 stopped at its depth limit (256 open elements); what followed was not read.
        var sawExcessiveDepth = false
    }

    /// The most libxml2 messages kept per document; the rest are counted.
    static let maxReportedErrors = 10

    static func read(_ bytes: UnsafeBufferPointer<UInt8>, documentURL: String?) -> Output {
        LibXML2Setup.ensureInitialized()
        let context = ReaderContext(builder: FeedBuilder(documentURL: documentURL))
        var entityWarnings: [String] = []
        let declared = InternalSubset.entities(in: bytes, warnings: &entityWarnings)
        if !declared.isEmpty { context.declaredEntities = LibXML2Setup.entityTable(declared) }
        defer { if let table = context.declaredEntities { xmlFreeEntitiesTable(table) } }
        guard let base = bytes.baseAddress,
              let parser = base.withMemoryRebound(to: CChar.self, capacity: bytes.count, {
                  xmlCreateMemoryParserCtxt($0, Int32(bytes.count))
              }) else {
            context.builder.finish()
            return Output(builder: context.builder, warnings: ["libxml2 could not allocate a parser"])
        }
        defer {
            if let document = parser.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(parser)
        }
        parser.pointee.sax.pointee = saxHandler()
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        parser.pointee.userData = unmanaged.toOpaque()
        context.parser = parser
        let options = XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue
            | XML_PARSE_NOWARNING.rawValue
        xmlCtxtUseOptions(parser, Int32(bitPattern: options))
        xmlParseDocument(parser)
        context.parser = nil
        context.builder.finish()
        var warnings = context.errors
        if context.suppressedErrors > 0 {
            warnings.append("\(context.suppressedErrors) more XML errors not shown")
        }
        return Output(builder: context.builder, warnings: warnings + entityWarnings,
                      sawStrayAmpersand: context.sawStrayAmpersand, sawExcessiveDepth: context.sawExcessiveDepth)
    }

    private static func saxHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = onStartElement
        handler.endElementNs = onEndElement
        handler.characters = onCharacters
        handler.ignorableWhitespace = onCharacters
        handler.cdataBlock = onCharacters
        handler.getEntity = onGetEntity
        handler.serror = onError
        return handler
    }
}

/// State reached from the C callbacks through libxml2's user-data pointer.
final class ReaderContext {
    let builder: FeedBuilder
    @exclusivity(unchecked)
    var parser: xmlParserCtxtPtr?
    var errors: [String] = []
    var suppressedErrors = 0
    /// libxml2 reported an `&` that starts no reference; the text after it was lost.
    var sawStrayAmpersand = false
    var sawExcessiveDepth = false
    /// The document's own internal entities (owned here, freed after the parse).
    var declaredEntities: xmlHashTablePtr?
    private var namespaces: [(uri: UnsafeRawPointer, namespace: XMLNamespace)] = []
    private var names: [UnsafeRawPointer: LocalName] = [:]

    init(builder: FeedBuilder) {
        self.builder = builder
    }

    /// libxml2 2.9.14 stops expanding `&lt;`/`&amp;` for the rest of the document once it has
    /// flagged it not well-formed (recover mode). The error is already recorded as a warning, so
    /// the flag is reset at every event to keep later escaped HTML intact.
    @inline(__always)
    func keepExpandingEntities() {
        parser?.pointee.wellFormed = 1
    }

    /// Namespace and name strings are interned in the parser's dictionary for the whole parse, so
    /// their addresses identify them and each is classified once.
    func elementName(local: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?,
                     uri: UnsafePointer<xmlChar>?) -> ElementName {
        let namespace: XMLNamespace
        if let uri {
            let key = UnsafeRawPointer(uri)
            if let known = namespaces.first(where: { $0.uri == key }) {
                namespace = known.namespace
            } else {
                namespace = XMLNamespace.classify(String(cString: uri))
                namespaces.append((key, namespace))
            }
        } else if let prefix {
            namespace = XMLNamespace.guess(prefix: String(cString: prefix))
        } else {
            namespace = .none
        }
        let key = UnsafeRawPointer(local)
        if let known = names[key] { return ElementName(namespace: namespace, local: known) }
        let name = LocalName(String(cString: local))
        names[key] = name
        return ElementName(namespace: namespace, local: name)
    }

    func record(_ error: xmlError) {
        if error.code == Int32(XML_ERR_ENTITYREF_NO_NAME.rawValue) || error.code == Int32(XML_ERR_ENTITYREF_SEMICOL_MISSING.rawValue)
            || (error.code == Int32(XML_ERR_NAME_REQUIRED.rawValue) && error.message.map { strstr($0, "EntityRef") != nil } == true) {
            sawStrayAmpersand = true
        }
        if error.code == Int32(XML_ERR_INTERNAL_ERROR.rawValue), error.message.map({ strstr($0, "Excessive depth") != nil }) == true {
            sawExcessiveDepth = true
        }
        guard errors.count < XMLFeedReader.maxReportedErrors else {
            suppressedErrors += 1
            return
        }
        // One line per warning: some libxml2 messages quote document text after a line break.
        let message = error.message.map { String(cString: $0).trimmingASCIIWhitespace() }
            .flatMap { $0.split(separator: "\n").first.map(String.init) } ?? "unknown XML error"
        let warning = "XML line \(error.line): \(message)"
        // The same error on the same line (one bad entity used many times) is reported once.
        if errors.last == warning {
            suppressedErrors += 1
        } else {
            errors.append(warning)
        }
    }
}

/// Runs `body` with the context behind libxml2's user-data pointer, without the retain/release
/// pair a plain `takeUnretainedValue()` costs on every callback (the parse holds a reference).
@inline(__always)
private func withContext(_ pointer: UnsafeMutableRawPointer?, _ body: (ReaderContext) -> Void) {
    guard let pointer else { return }
    Unmanaged<ReaderContext>.fromOpaque(pointer)._withUnsafeGuaranteedRef(body)
}

@inline(__always)
private func nameBuffer(_ name: UnsafePointer<xmlChar>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: name, count: strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self)))
}

private let onStartElement: startElementNsSAX2Func = { user, local, prefix, uri, _, _, attributeCount, _, attributes in
    guard let local else { return }
    withContext(user) { reader in
        reader.keepExpandingEntities()
        let name = reader.elementName(local: local, prefix: prefix, uri: uri)
        let fields = attributes.map { UnsafePointer($0) }
        reader.builder.startElement(name, localName: nameBuffer(local),
                                    attributes: XMLAttributes(libxml2: fields, count: Int(attributeCount)))
        if reader.builder.notAFeed != nil, let parser = reader.parser { xmlStopParser(parser) }
    }
}

private let onEndElement: endElementNsSAX2Func = { user, local, _, _ in
    guard let local else { return }
    withContext(user) { reader in
        reader.keepExpandingEntities()
        reader.builder.endElement(localName: nameBuffer(local))
    }
}

private let onCharacters: charactersSAXFunc = { user, characters, length in
    guard let characters, length > 0 else { return }
    withContext(user) { reader in
        reader.keepExpandingEntities()
        reader.builder.characters(UnsafeBufferPointer(start: characters, count: Int(length)))
    }
}

private let onGetEntity: getEntitySAXFunc = { user, name in
    guard let name else { return nil }
    var declared: xmlEntityPtr?
    withContext(user) { reader in
        reader.keepExpandingEntities()
        if let table = reader.declaredEntities {
            declared = xmlHashLookup(table, name)?.assumingMemoryBound(to: xmlEntity.self)
        }
    }
    return declared ?? LibXML2Setup.htmlEntity(named: name)
}

private let onError: xmlStructuredErrorFunc = { user, error in
    guard let error else { return }
    withContext(user) { $0.record(error.pointee) }
}
