/// Read access to one element's attributes in libxml2's SAX2 layout (five pointers per attribute:
/// local name, prefix, URI, value start, value end). Values become `String`s only when asked for.
struct XMLAttributes {
    let fields: UnsafePointer<UnsafePointer<UInt8>?>?
    let count: Int

    /// The value of the attribute named `local`; `namespaced` selects `xml:base`-style attributes
    /// (with a namespace URI) or plain ones (without).
    func value(_ local: StaticString, namespaced: Bool = false) -> String? {
        guard let fields else { return nil }
        for index in 0..<count {
            let slot = fields + index * 5
            guard let name = slot[0], (slot[2] != nil) == namespaced, matches(name, local),
                  let start = slot[3], let end = slot[4] else { continue }
            return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
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
