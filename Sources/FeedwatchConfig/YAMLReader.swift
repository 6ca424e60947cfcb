import CYAML

/// Reads a YAML file into a `YAMLNode` tree through libyaml's event API.
///
/// libyaml's events are an order of magnitude faster than a full YAML library's decoder on large
/// watchlists (see docs/performance.md) and carry exact positions. All C state lives inside one
/// synchronous call; only Swift values leave it.
enum YAMLReader {
    /// Parses `bytes`; returns nil for an empty document. Syntax errors become one diagnostic with
    /// libyaml's own description and position.
    static func parse(_ bytes: [UInt8], file: String) throws(ConfigError) -> YAMLNode? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw ConfigError(diagnostics: [Diagnostic(.error, SourceLocation(file: file, line: 1, column: 1),
                                                       "cannot initialise the YAML parser")])
        }
        defer { yaml_parser_delete(parser) }
        var builder = TreeBuilder(file: file)
        let failure: Diagnostic? = bytes.withUnsafeBufferPointer { buffer in
            // libyaml keeps this pointer inside the parser, so the parse must finish within this closure.
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) == 1 else {
                    return syntaxError(parser.pointee, file: file)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let problem = builder.consume(event) { return problem }
            }
        }
        if let failure { throw ConfigError(diagnostics: [failure]) }
        return builder.root
    }

    private static func syntaxError(_ parser: yaml_parser_t, file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        var message = "YAML syntax error: \(problem)"
        if let context = parser.context {
            let line = Int(parser.context_mark.line) + 1
            message += " (\(String(cString: context)) at line \(line))"
        }
        let mark = parser.problem_mark
        return Diagnostic(.error, SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1),
                          message)
    }
}

/// Turns the event stream into a tree: a stack of open collections, plus the anchors seen so far.
private struct TreeBuilder {
    let file: String
    var root: YAMLNode?
    var documents = 0
    /// Open collections; a mapping's entries alternate key, value.
    var stack: [(node: YAMLNode, items: [YAMLNode], anchor: String?)] = []
    var anchors: [String: YAMLNode] = [:]

    init(file: String) { self.file = file }

    mutating func consume(_ event: yaml_event_t) -> Diagnostic? {
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                return Diagnostic(.error, SourceLocation(file: file, line: line, column: column),
                                  "only one YAML document is allowed in this file (found a second '---')")
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
            let node = YAMLNode(content: .scalar(text, plain: data.style == YAML_PLAIN_SCALAR_STYLE),
                                line: line, column: column)
            remember(node, anchor: data.anchor)
            add(node)
        case YAML_SEQUENCE_START_EVENT:
            stack.append((YAMLNode(content: .sequence([]), line: line, column: column), [], string(event.data.sequence_start.anchor)))
        case YAML_MAPPING_START_EVENT:
            stack.append((YAMLNode(content: .mapping([]), line: line, column: column), [], string(event.data.mapping_start.anchor)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let open = stack.popLast() else { return nil }
            var node = open.node
            if case .mapping = node.content {
                var pairs: [YAMLPair] = []
                pairs.reserveCapacity(open.items.count / 2)
                var index = 0
                while index + 1 < open.items.count {
                    pairs.append(YAMLPair(key: open.items[index], value: open.items[index + 1]))
                    index += 2
                }
                node.content = .mapping(pairs)
            } else {
                node.content = .sequence(open.items)
            }
            if let anchor = open.anchor { anchors[anchor] = node }
            add(node)
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard var node = anchors[name] else {
                return Diagnostic(.error, SourceLocation(file: file, line: line, column: column),
                                  "unknown YAML anchor '*\(name)'")
            }
            node.line = line
            node.column = column
            add(node)
        default:
            break
        }
        return nil
    }

    private mutating func remember(_ node: YAMLNode, anchor: UnsafeMutablePointer<yaml_char_t>?) {
        if let name = string(anchor) { anchors[name] = node }
    }

    private mutating func add(_ node: YAMLNode) {
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].items.append(node)
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}
