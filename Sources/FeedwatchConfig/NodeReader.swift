/// Walks a `YAMLNode` tree on behalf of a loader, turning every type mismatch into a diagnostic
/// and carrying on, so one run reports all problems.
struct NodeReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    mutating func error(_ node: YAMLNode, _ message: String) {
        diagnostics.append(Diagnostic(.error, location(node), message))
    }

    mutating func warning(_ node: YAMLNode, _ message: String) {
        diagnostics.append(Diagnostic(.warning, location(node), message))
    }

    mutating func append(_ more: [Diagnostic]) { diagnostics.append(contentsOf: more) }

    /// The entries of a mapping, keyed by name, after rejecting unknown and repeated keys.
    /// `context` prefixes messages ("actor 'hamas'", "feed #3").
    mutating func fields(_ node: YAMLNode, allowed: [String], context: @autoclosure () -> String) -> Fields? {
        guard case .mapping(let pairs) = node.content else {
            error(node, "\(context()): expected a mapping of keys, found \(node.kindDescription)")
            return nil
        }
        var result = Fields(capacity: pairs.count)
        for pair in pairs {
            let key = pair.keyText
            if !allowed.contains(key) {
                let known = allowed.joined(separator: ", ")
                error(pair.key, "\(context()): unknown key '\(key)' (known keys: \(known))")
            } else if let first = result[key] {
                error(pair.key, "\(context()): key '\(key)' appears twice (first at line \(first.key.line))")
            } else {
                result.append(pair, key: key)
            }
        }
        return result
    }

    /// A non-empty string, or nil (with an error unless the node is null and `optional`).
    mutating func string(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        switch node.content {
        case .scalar(let text, _) where !node.isNull:
            let trimmed = text.trimmingSpaces
            if trimmed.isEmpty {
                error(node, "\(what()) is empty")
                return nil
            }
            return trimmed
        default:
            error(node, "\(what()): expected text, found \(node.kindDescription)")
            return nil
        }
    }

    /// Items of a list; a single scalar is accepted as a one-item list (`tags: israel`).
    mutating func list(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [YAMLNode]? {
        switch node.content {
        case .sequence(let items): return items
        case .scalar where node.isNull:
            return []
        case .scalar: return [node]
        case .mapping:
            error(node, "\(what()): expected a list, found a mapping")
            return nil
        }
    }

    mutating func stringList(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [String] {
        guard let items = list(node, what()) else { return [] }
        var strings: [String] = []
        strings.reserveCapacity(items.count)
        for item in items {
            if let text = string(item, "\(what()) entry") { strings.append(text) }
        }
        return strings
    }

    mutating func integer(_ node: YAMLNode, _ what: @autoclosure () -> String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what()) else { return nil }
        guard let value = Int(text.replacingUnderscores) else {
            error(node, "\(what()): '\(text)' is not a whole number")
            return nil
        }
        guard range.contains(value) else {
            error(node, "\(what()): \(value) is out of range (\(range.lowerBound)...\(range.upperBound))")
            return nil
        }
        return value
    }

    /// `true` or `false` (also `yes`/`no`, `on`/`off`, since people write those in YAML).
    mutating func boolean(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Bool? {
        guard let text = string(node, what()) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(node, "\(what()): '\(text)' is not true or false")
            return nil
        }
    }

    mutating func duration(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Duration? {
        converted(node, what(), Units.duration)
    }

    mutating func size(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Int? {
        converted(node, what(), Units.size)
    }

    /// A unit-bearing value (`Units`), with the parser's own words on failure.
    mutating func converted<T>(_ node: YAMLNode, _ what: @autoclosure () -> String,
                               _ parse: (String) throws(Units.ParseError) -> T) -> T? {
        guard let text = string(node, what()) else { return nil }
        do {
            return try parse(text)
        } catch {
            self.error(node, "\(what()): \(error.message)")
            return nil
        }
    }

    /// One of an enum's raw values, with the allowed values listed on failure.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: @autoclosure () -> String,
                                                             as type: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, what()) else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map(\.rawValue).joined(separator: " | ")
        error(node, "\(what()): '\(text)' is not one of \(allowed)")
        return nil
    }
}

/// The entries of one mapping after validation. Mappings in config files have a handful of keys,
/// so a linear search beats hashing (this is on the path of every watchlist entry).
struct Fields {
    private(set) var keys: [String] = []
    private(set) var pairs: [YAMLPair] = []

    init() {}

    /// Room for `capacity` entries up front: every actor of a large watchlist builds one.
    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        pairs.reserveCapacity(capacity)
    }

    mutating func append(_ pair: YAMLPair, key: String) {
        keys.append(key)
        pairs.append(pair)
    }

    subscript(key: String) -> YAMLPair? {
        // Lengths first: most keys differ from the one asked for, and comparing lengths is free.
        // Exact here: the keys kept are ones `fields` accepted, equal to lower-case ASCII names,
        // and no other spelling of such a name is canonically equivalent to it.
        let length = key.utf8.count
        for index in keys.indices where keys[index].utf8.count == length && keys[index] == key { return pairs[index] }
        return nil
    }
}

extension String {
    var trimmingSpaces: String {
        // Almost every value is already trimmed (libyaml trims plain scalars): check the ends first.
        guard let first = utf8.first, let last = utf8.last, let head = unicodeScalars.first else { return self }
        // Non-ASCII ends (Hebrew, Cyrillic names): check such an end before copying. A character
        // is white space when its first scalar is (`Character.isWhitespace`), so the head needs no
        // grapheme breaking; the tail's character may begin before the last scalar.
        let headIsText = first > 0x20 && first < 0x80 || !head.properties.isWhitespace
        if headIsText && (last > 0x20 && last < 0x80 || self.last.map { !$0.isWhitespace } == true) { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    var replacingUnderscores: String { String(filter { $0 != "_" }) }
}
