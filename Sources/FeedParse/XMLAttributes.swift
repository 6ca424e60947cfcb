/// Read access to one element's attributes, from either reader, without building `String`s until
/// a value is asked for.
struct XMLAttributes {
    private enum Storage {
        /// libxml2's SAX2 layout: five pointers per attribute (local name, prefix, URI, value
        /// start, value end); names are NUL-terminated.
        case libxml2(UnsafePointer<UnsafePointer<UInt8>?>?, Int)
        case fast(UnsafeBufferPointer<FastAttribute>)
    }

    private let storage: Storage

    init(libxml2 fields: UnsafePointer<UnsafePointer<UInt8>?>?, count: Int) {
        storage = .libxml2(fields, count)
    }

    init(fast attributes: UnsafeBufferPointer<FastAttribute>) {
        storage = .fast(attributes)
    }

    /// The value of the attribute named `local`; `namespaced` selects `xml:base`-style attributes
    /// (with a namespace prefix) or plain ones (without).
    func value(_ local: StaticString, namespaced: Bool = false) -> String? {
        switch storage {
        case let .libxml2(fields, count):
            guard let fields else { return nil }
            for index in 0..<count {
                let slot = fields + index * 5
                guard let name = slot[0], (slot[2] != nil) == namespaced, matches(name, local),
                      let start = slot[3], let end = slot[4] else { continue }
                return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            }
        case let .fast(attributes):
            for attribute in attributes where attribute.namespaced == namespaced
                && attribute.name.count == local.utf8CodeUnitCount
                && attribute.name.elementsEqual(UnsafeBufferPointer(start: local.utf8Start, count: local.utf8CodeUnitCount)) {
                return String(decoding: attribute.value, as: UTF8.self)
            }
        }
        return nil
    }

    /// `rdf:about` and friends: the attribute named `local` in any namespace.
    func anyNamespaceValue(_ local: StaticString) -> String? {
        value(local, namespaced: true) ?? value(local, namespaced: false)
    }

    private func matches(_ name: UnsafePointer<UInt8>, _ expected: StaticString) -> Bool {
        let bytes = expected.utf8Start
        for offset in 0..<expected.utf8CodeUnitCount where name[offset] != bytes[offset] { return false }
        return name[expected.utf8CodeUnitCount] == 0
    }
}

/// One attribute as `FastXMLReader` found it: local name, whether it had a namespace prefix, and
/// its value with references decoded.
struct FastAttribute {
    var name: UnsafeBufferPointer<UInt8>
    var namespaced: Bool
    var value: UnsafeBufferPointer<UInt8>
}
