/// A YAML document as plain Swift values with the position of every node.
///
/// The loaders walk this tree by hand rather than decoding with `Codable`: they need the line and
/// column of every value for error messages, must reject unknown keys, and must report every
/// problem at once. Every scalar stays a string (no YAML 1.1 `yes`/`no` surprises); the loaders
/// convert where a number, duration or size is expected.
struct YAMLNode: Sendable {
    enum Content: Sendable {
        /// `plain` is false for quoted and block scalars, so `"~"` stays a string while `~` is null.
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    var content: Content
    /// 1-based position of the node's first character.
    var line: Int
    var column: Int

    /// Whether the node is an explicit or implicit YAML null (`~`, `null`, or nothing at all).
    var isNull: Bool {
        // Asked of every value read: anything longer than four bytes is text without comparing.
        if case .scalar(let text, plain: true) = content, text.utf8.count <= 4 {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    var isEmptyList: Bool {
        if case .sequence(let items) = content { return items.isEmpty }
        return false
    }

    /// A word for the node's type, for messages such as "expected a list, found a mapping".
    var kindDescription: String {
        switch content {
        case .scalar: return isNull ? "nothing" : "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

struct YAMLPair: Sendable {
    var key: YAMLNode
    var value: YAMLNode

    /// Keys are compared as their scalar text; a non-scalar key never matches a known key.
    var keyText: String {
        if case .scalar(let text, _) = key.content { return text }
        return "<\(key.kindDescription)>"
    }
}
