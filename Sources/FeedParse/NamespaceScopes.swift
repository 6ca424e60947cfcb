/// In-scope namespace prefixes, innermost last; scopes open and close with elements.
struct NamespaceScopes {
    private var bindings: [(prefix: [UInt8], namespace: XMLNamespace)] = [(Array("xml".utf8), .xml)]
    private var scopeStarts: [Int] = []

    mutating func openScope() { scopeStarts.append(bindings.count) }

    mutating func closeScope() {
        if let start = scopeStarts.popLast(), start < bindings.count { bindings.removeSubrange(start...) }
    }

    mutating func declare(prefix: [UInt8], namespace: XMLNamespace) {
        bindings.append((prefix, namespace))
    }

    /// The namespace bound to `prefix` (empty: the default namespace, `.none` when undeclared).
    func lookup(_ prefix: UnsafeBufferPointer<UInt8>) -> XMLNamespace? {
        for binding in bindings.reversed() where binding.prefix.count == prefix.count && binding.prefix.elementsEqual(prefix) {
            return binding.namespace
        }
        return prefix.isEmpty ? XMLNamespace.none : nil
    }
}
