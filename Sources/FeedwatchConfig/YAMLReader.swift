import CYAML

/// Reads a YAML file into a `YAMLNode` tree through libyaml's event API.
///
/// libyaml's events are an order of magnitude faster than a full YAML library's decoder on large
/// watchlists (see docs/performance.md) and carry exact positions. All C state lives inside one
/// synchronous call; only Swift values leave it.
enum YAMLReader {
    /// Called with each finished item of a streamed list and the root mapping's entries seen so far.
    typealias ItemHandler = (YAMLNode, [YAMLPair]) -> Void

    /// Parses `bytes`; returns nil for an empty document. Syntax errors become one diagnostic with
    /// libyaml's own description and position.
    ///
    /// When `streaming` names a key of the root mapping whose value is a list, each item of that
    /// list goes to `onItem` as soon as it is complete and is left out of the returned tree: a
    /// 100,000-actor watchlist is then converted actor by actor instead of being held twice.
    static func parse(_ bytes: [UInt8], file: String, streaming key: String? = nil,
                      onItem: ItemHandler = { _, _ in }) throws(ConfigError) -> YAMLNode? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            throw ConfigError(diagnostics: [Diagnostic(.error, SourceLocation(file: file, line: 1, column: 1),
                                                       "cannot initialise the YAML parser")])
        }
        defer { yaml_parser_delete(parser) }
        var builder = TreeBuilder(file: file, streamKey: key)
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
                if let problem = builder.consume(event, onItem: onItem) { return problem }
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

/// A collection still being read: a list gathers items, a mapping gathers pairs (a key waits in
/// `pendingKey` for its value).
private struct OpenCollection {
    var line: Int
    var column: Int
    var isMapping: Bool
    var anchor: String?
    var items: [YAMLNode] = []
    var pairs: [YAMLPair] = []
    var pendingKey: YAMLNode?

    func finished() -> YAMLNode {
        YAMLNode(content: isMapping ? .mapping(pairs) : .sequence(items), line: line, column: column)
    }
}

/// Turns the event stream into a tree: a stack of open collections, plus the anchors seen so far.
private struct TreeBuilder {
    let file: String
    let streamKey: String?
    var root: YAMLNode?
    var documents = 0
    var stack: [OpenCollection] = []
    var anchors: [String: YAMLNode] = [:]

    init(file: String, streamKey: String?) {
        self.file = file
        self.streamKey = streamKey
    }

    mutating func consume(_ event: yaml_event_t, onItem: YAMLReader.ItemHandler) -> Diagnostic? {
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
            if let anchor = string(data.anchor) { anchors[anchor] = node }
            add(node, onItem: onItem)
        case YAML_SEQUENCE_START_EVENT:
            stack.append(OpenCollection(line: line, column: column, isMapping: false,
                                        anchor: string(event.data.sequence_start.anchor)))
        case YAML_MAPPING_START_EVENT:
            stack.append(OpenCollection(line: line, column: column, isMapping: true,
                                        anchor: string(event.data.mapping_start.anchor)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let open = stack.popLast() else { return nil }
            let node = open.finished()
            if let anchor = open.anchor { anchors[anchor] = node }
            add(node, onItem: onItem)
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard var node = anchors[name] else {
                return Diagnostic(.error, SourceLocation(file: file, line: line, column: column),
                                  "unknown YAML anchor '*\(name)'")
            }
            node.line = line
            node.column = column
            add(node, onItem: onItem)
        default:
            break
        }
        return nil
    }

    /// Whether the innermost open collection is the streamed list: the value of `streamKey` in the
    /// root mapping.
    private var isStreaming: Bool {
        guard let streamKey, stack.count == 2, stack[0].isMapping, !stack[1].isMapping,
              let key = stack[0].pendingKey, case .scalar(let text, _) = key.content else { return false }
        return text == streamKey
    }

    private mutating func add(_ node: YAMLNode, onItem: YAMLReader.ItemHandler) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        if isStreaming {
            onItem(node, stack[0].pairs)
            return
        }
        let top = stack.count - 1
        if !stack[top].isMapping {
            stack[top].items.append(node)
        } else if let key = stack[top].pendingKey {
            stack[top].pairs.append(YAMLPair(key: key, value: node))
            stack[top].pendingKey = nil
        } else {
            stack[top].pendingKey = node
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}
