import CLibXML2

/// One-time libxml2 state: `xmlInitParser` and the HTML5 named entities as predefined-style
/// entities, so `&nbsp;` or `&hellip;` in a feed (undeclared in XML) become their characters
/// instead of an error that drops them. Both are created once and only read afterwards.
enum LibXML2Setup {
    private struct Entities: @unchecked Sendable {
        // Written once during initialisation, then only read (xmlHashLookup does not mutate).
        let table: xmlHashTablePtr?
    }

    private static let entities: Entities = {
        xmlInitParser()
        let table = xmlHashCreate(4096)
        for entry in HTMLEntityTable.shared.terminatedEntries {
            let name = entry.name + [0]
            let value = entry.value + [0]
            name.withUnsafeBufferPointer { name in
                value.withUnsafeBufferPointer { value in
                    guard let entity = xmlNewEntity(nil, name.baseAddress, Int32(XML_INTERNAL_PREDEFINED_ENTITY.rawValue),
                                                    nil, nil, value.baseAddress) else { return }
                    xmlHashAddEntry(table, name.baseAddress, entity)
                }
            }
        }
        return Entities(table: table)
    }()

    /// libxml2 wants `xmlInitParser` on the main thread before parsing on others; `FeedParser.prepare`
    /// does that at start-up. The one-time initialiser also makes a first call from any thread safe.
    static func ensureInitialized() {
        _ = entities
    }

    /// A table of text entities for one document (free it with `xmlFreeEntitiesTable`). They are
    /// made predefined-style, so libxml2 delivers their text as characters and never parses it.
    static func entityTable(_ entities: [String: [UInt8]]) -> xmlHashTablePtr? {
        let table = xmlHashCreate(Int32(max(entities.count, 8)))
        for (name, value) in entities {
            let name = Array(name.utf8) + [0]
            let value = value + [0]
            name.withUnsafeBufferPointer { name in
                value.withUnsafeBufferPointer { value in
                    guard let entity = xmlNewEntity(nil, name.baseAddress, Int32(XML_INTERNAL_PREDEFINED_ENTITY.rawValue),
                                                    nil, nil, value.baseAddress) else { return }
                    // Names are unique (dictionary keys), so adding cannot fail on a duplicate.
                    _ = xmlHashAddEntry(table, name.baseAddress, entity)
                }
            }
        }
        return table
    }

    static func htmlEntity(named name: UnsafePointer<xmlChar>) -> xmlEntityPtr? {
        xmlHashLookup(entities.table, name)?.assumingMemoryBound(to: xmlEntity.self)
    }
}
