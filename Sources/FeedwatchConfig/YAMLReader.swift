import CYAML

/// Reads a YAML file into a `YAMLNode` tree through libyaml's event API, or through `BlockYAML`
/// for the plain block YAML it knows, which gives the same events several times faster.
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
    ///
    /// Plain block YAML is read by `BlockYAML`, and the rest by libyaml, which also reports every
    /// syntax error. `BlockYAML` finds out only on the way that a file is beyond it: it then calls
    /// `onRestart`, after which libyaml reads the file again from the start, so whatever
    /// `onItem` did with the items so far must be thrown away there.
    static func parse(_ bytes: [UInt8], file: String, streaming key: String? = nil,
                      onItem: ItemHandler = { _, _ in }, onRestart: () -> Void = {}) throws(ConfigError) -> YAMLNode? {
        try read(bytes[...], file: file, streaming: key, onItem: onItem, onRestart: onRestart).root
    }

    /// What a parse with a streamed list saw, for callers that read one file in pieces
    /// (`WatchlistChunks`): a piece is usable only if the list was open from its first line to its
    /// end, which these facts show.
    struct Outcome {
        var root: YAMLNode?
        /// Items streamed to the handler.
        var streamedItems = 0
        /// Whether anything was added to the root mapping after the streamed list closed.
        var contentAfterList = false
    }

    /// `parse`, plus the facts in `Outcome`. `lineOffset` is added to every line number, for a
    /// piece of a file that starts further down; `prefix` (whole lines) is read before `bytes`, as
    /// if they followed it. `blockReader: false` reads with libyaml only, so tests can compare the
    /// two readers.
    static func read(_ bytes: ArraySlice<UInt8>, prefix: [UInt8] = [], file: String, streaming key: String?,
                     lineOffset: Int = 0, blockReader: Bool = true, onItem: ItemHandler,
                     onRestart: () -> Void) throws(ConfigError) -> Outcome {
        if blockReader {
            let block: (Outcome?, Diagnostic?) = bytes.withUnsafeBufferPointer { buffer in
                prefix.withUnsafeBufferPointer { prefix in
                    withoutActuallyEscaping(onItem) { onItem in
                        let sink = TreeSink(builder: TreeBuilder(file: file, streamKey: key), onItem: onItem)
                        var scanner = BlockYAML(buffer, lineOffset: lineOffset, sink: sink)
                        guard scanner.run(after: prefix.isEmpty ? nil : prefix) else { return (nil, nil) }
                        let builder = scanner.sink.builder
                        return (Outcome(root: builder.root, streamedItems: builder.streamedItems,
                                        contentAfterList: builder.contentAfterList), scanner.sink.problem)
                    }
                }
            }
            if let problem = block.1 { throw ConfigError(diagnostics: [problem]) }
            if let outcome = block.0 { return outcome }
            onRestart()
        }
        // libyaml reads one buffer: the prefix and the bytes are joined only here.
        let bytes = prefix.isEmpty ? bytes : ArraySlice(prefix + bytes)
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
                    return syntaxError(parser.pointee, file: file, lineOffset: lineOffset)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                guard let converted = YAMLEvent(event, lineOffset: lineOffset) else { continue }
                if let problem = builder.consume(converted, onItem: onItem) { return problem }
            }
        }
        if let failure { throw ConfigError(diagnostics: [failure]) }
        return Outcome(root: builder.root, streamedItems: builder.streamedItems,
                       contentAfterList: builder.contentAfterList)
    }

    private static func syntaxError(_ parser: yaml_parser_t, file: String, lineOffset: Int) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        var message = "YAML syntax error: \(problem)"
        if let context = parser.context {
            let line = Int(parser.context_mark.line) + 1 + lineOffset
            message += " (\(String(cString: context)) at line \(line))"
        }
        let mark = parser.problem_mark
        return Diagnostic(.error, SourceLocation(file: file, line: Int(mark.line) + 1 + lineOffset,
                                                  column: Int(mark.column) + 1), message)
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

    /// A mapping gets room for a watchlist actor's keys at once, rather than growing 1, 2, 4, 8.
    init(line: Int, column: Int, isMapping: Bool, anchor: String?) {
        self.line = line
        self.column = column
        self.isMapping = isMapping
        self.anchor = anchor
        if isMapping { pairs.reserveCapacity(8) }
    }

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
    var streamedItems = 0
    var listClosed = false
    var contentAfterList = false

    init(file: String, streamKey: String?) {
        self.file = file
        self.streamKey = streamKey
    }

    mutating func consume(_ event: YAMLEvent, onItem: YAMLReader.ItemHandler) -> Diagnostic? {
        switch event {
        case .documentStart(let line, let column):
            documents += 1
            if documents > 1 {
                return Diagnostic(.error, SourceLocation(file: file, line: line, column: column),
                                  "only one YAML document is allowed in this file (found a second '---')")
            }
        case .scalar(let text, let plain, let anchor, let line, let column):
            let node = YAMLNode(content: .scalar(text, plain: plain), line: line, column: column)
            if let anchor { anchors[anchor] = node }
            add(node, onItem: onItem)
        case .collectionStart(let isMapping, let anchor, let line, let column):
            stack.append(OpenCollection(line: line, column: column, isMapping: isMapping, anchor: anchor))
        case .collectionEnd:
            let closesList = stack.count == 2 && isStreaming
            guard let open = stack.popLast() else { return nil }
            let node = open.finished()
            if let anchor = open.anchor { anchors[anchor] = node }
            add(node, onItem: onItem)
            if closesList { listClosed = true }
        case .alias(let name, let line, let column):
            guard var node = anchors[name] else {
                return Diagnostic(.error, SourceLocation(file: file, line: line, column: column),
                                  "unknown YAML anchor '*\(name)'")
            }
            node.line = line
            node.column = column
            add(node, onItem: onItem)
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
            streamedItems += 1
            onItem(node, stack[0].pairs)
            return
        }
        if listClosed, stack.count == 1 { contentAfterList = true }
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
}

/// `BlockYAML`'s events into a tree, as libyaml's go. A class: as a struct inside the reader it
/// was copied in and out around every event. It lives within one call on one thread, so its
/// properties skip the run-time exclusivity checks that cost more than the work itself.
private final class TreeSink: BlockYAMLSink {
    @exclusivity(unchecked) var builder: TreeBuilder
    let onItem: YAMLReader.ItemHandler
    /// What stopped the tree (`BlockYAML` never sends what could: a second document, an alias).
    @exclusivity(unchecked) var problem: Diagnostic?

    init(builder: TreeBuilder, onItem: @escaping YAMLReader.ItemHandler) {
        self.builder = builder
        self.onItem = onItem
    }

    func take(_ event: YAMLEvent) {
        guard problem == nil else { return }
        problem = builder.consume(event, onItem: onItem)
    }
}

/// One parser event, as the tree builder takes it from libyaml or from `BlockYAML`. Positions
/// are 1-based, lines counted in the whole file, columns in characters as libyaml counts them.
enum YAMLEvent {
    case documentStart(line: Int, column: Int)
    case scalar(String, plain: Bool, anchor: String?, line: Int, column: Int)
    case collectionStart(isMapping: Bool, anchor: String?, line: Int, column: Int)
    case collectionEnd
    case alias(String, line: Int, column: Int)

    /// libyaml's event, or nil for the stream and document ends the builder does not need.
    init?(_ event: yaml_event_t, lineOffset: Int) {
        let line = Int(event.start_mark.line) + 1 + lineOffset
        let column = Int(event.start_mark.column) + 1
        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? { pointer.map { String(cString: $0) } }
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            self = .documentStart(line: line, column: column)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
            self = .scalar(text, plain: data.style == YAML_PLAIN_SCALAR_STYLE, anchor: string(data.anchor),
                           line: line, column: column)
        case YAML_SEQUENCE_START_EVENT:
            self = .collectionStart(isMapping: false, anchor: string(event.data.sequence_start.anchor),
                                    line: line, column: column)
        case YAML_MAPPING_START_EVENT:
            self = .collectionStart(isMapping: true, anchor: string(event.data.mapping_start.anchor),
                                    line: line, column: column)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            self = .collectionEnd
        case YAML_ALIAS_EVENT:
            self = .alias(string(event.data.alias.anchor) ?? "", line: line, column: column)
        default:
            return nil
        }
    }
}
