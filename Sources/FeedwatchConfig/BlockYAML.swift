#if canImport(Glibc)
import Glibc
#endif

/// Takes `BlockYAML`'s events.
protocol BlockYAMLSink {
    mutating func take(_ event: YAMLEvent)
}


/// Reads the plain block YAML that large watchlists and feed lists are written in, several times
/// faster than libyaml, producing the events libyaml would, with the same positions.
///
/// It knows only a small part of YAML: block mappings with simple keys (`name:`), block lists,
/// one-line plain and quoted scalars without escapes, one-line flow lists and mappings of such
/// scalars, comments and blank lines. A file with anything else (anchors, tags, block or
/// multi-line scalars, tabs, control characters, document markers, unusual keys or indentation)
/// is refused where that is found, and `YAMLReader` has libyaml read it from the start, which
/// also reports every syntax error: this reader never judges a file wrong.
struct BlockYAML<Sink: BlockYAMLSink> {
    private struct Block {
        var isMapping: Bool
        var indent: Int
        /// A list written at its key's own indentation (`aliases:` then `- x` below the `a`).
        var indentless = false
    }

    private var text: UnsafeBufferPointer<UInt8>
    private let lineOffset: Int
    /// Where the events go.
    private(set) var sink: Sink
    /// The start of the next line to read, and its 0-based number.
    private var position = 0
    private var lineNumber = 0
    private var lineStart = 0
    private var lineEnd = 0
    private var lineIsASCII = true
    private var blocks: [Block] = []
    /// A key whose value has not started on its own line: its block's indentation and where an
    /// empty value would be (just after the `:`, where libyaml puts it).
    private var pendingKey: (indent: Int, line: Int, column: Int)?
    /// After a value on a line, a deeper line would continue it (a multi-line scalar).
    private var deepestNext = Int.max
    private var started = false

    init(_ text: UnsafeBufferPointer<UInt8>, lineOffset: Int, sink: Sink) {
        self.text = text
        self.lineOffset = lineOffset
        self.sink = sink
    }

    /// Sends every event of the text to the sink; false (somewhere along the way) when the text
    /// is not within the part of YAML this reader knows. `prefix`, whole lines, is read first, as
    /// if the text followed it: a piece of a watchlist is read in place after `actors:`.
    mutating func run(after prefix: UnsafeBufferPointer<UInt8>? = nil) -> Bool {
        if let prefix {
            let main = text
            text = prefix
            while position < text.count {
                guard readLine() else { return false }
            }
            (text, position) = (main, 0)
        }
        while position < text.count {
            guard readLine() else { return false }
        }
        return finish()
    }

    // MARK: Lines

    /// Reads one line; false to refuse the text.
    private mutating func readLine() -> Bool {
        lineStart = position
        lineEnd = text.count
        if let base = text.baseAddress, let newline = memchr(base + lineStart, 0x0A, text.count - lineStart) {
            lineEnd = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
        }
        position = lineEnd + 1
        defer { lineNumber += 1 }
        guard checkCharacters() else { return false }
        var start = lineStart
        while start < lineEnd && text[start] == 0x20 { start += 1 }
        if start == lineEnd || text[start] == UInt8(ascii: "#") { return true }
        let indent = start - lineStart
        if indent == 0 && (text[start] == UInt8(ascii: "%") || startsDocumentMarker(at: start)) { return false }
        if !started {
            guard indent == 0 else { return false }
            started = true
            sink.take(.documentStart(line: line, column: 1))
        }
        let isEntry = isListEntry(at: start)
        if let pending = pendingKey {
            pendingKey = nil
            if indent > pending.indent {
                return openBlock(at: start, isEntry: isEntry, indentless: false) && readContent(at: start, isEntry: isEntry)
            }
            if indent == pending.indent, isEntry {
                return openBlock(at: start, isEntry: true, indentless: true) && readContent(at: start, isEntry: true)
            }
            sink.take(emptyScalar(line: pending.line, column: pending.column))
        } else if indent > deepestNext {
            return false
        }
        while let top = blocks.last, top.indent > indent || (top.indentless && top.indent == indent && !isEntry) {
            blocks.removeLast()
            sink.take(.collectionEnd)
        }
        if blocks.isEmpty {
            // The root, opened by the first line (at column 1 it is never closed before the end).
            return openBlock(at: start, isEntry: isEntry, indentless: false) && readContent(at: start, isEntry: isEntry)
        }
        guard let top = blocks.last, top.indent == indent else { return false }
        return readContent(at: start, isEntry: isEntry)
    }

    /// At the end: the last empty value, and every open block closed.
    private mutating func finish() -> Bool {
        guard started else { return false }  // nothing but comments: libyaml's empty document
        if let pending = pendingKey { sink.take(emptyScalar(line: pending.line, column: pending.column)) }
        pendingKey = nil
        for _ in blocks { sink.take(.collectionEnd) }
        blocks.removeAll()
        return true
    }

    /// Opens the list or mapping whose first line starts at `start`.
    private mutating func openBlock(at start: Int, isEntry: Bool, indentless: Bool) -> Bool {
        let indent = start - lineStart
        if isEntry {
            blocks.append(Block(isMapping: false, indent: indent, indentless: indentless))
            sink.take(.collectionStart(isMapping: false, anchor: nil, line: line, column: indent + 1))
            return true
        }
        guard keyEnd(at: start) != nil else { return false }
        blocks.append(Block(isMapping: true, indent: indent))
        sink.take(.collectionStart(isMapping: true, anchor: nil, line: line, column: indent + 1))
        return true
    }

    /// The entry or key that starts at `start`, in the innermost block (of the same indentation).
    private mutating func readContent(at start: Int, isEntry: Bool) -> Bool {
        guard let top = blocks.last else { return false }
        if top.isMapping {
            return !isEntry && readKey(at: start, indent: top.indent)
        }
        guard isEntry else { return false }
        var value = start + 1
        while value < lineEnd && text[value] == 0x20 { value += 1 }
        guard value < lineEnd, text[value] != UInt8(ascii: "#"), !isListEntry(at: value) else { return false }
        if keyEnd(at: value) != nil {
            // `- id: x`: a mapping inside the entry, at the key's column.
            guard openBlock(at: value, isEntry: false, indentless: false) else { return false }
            return readKey(at: value, indent: value - lineStart)
        }
        deepestNext = top.indent
        return readValue(at: value)
    }

    /// `key: value`, `key:` (the value follows on later lines, or is empty) in a mapping at `indent`.
    private mutating func readKey(at start: Int, indent: Int) -> Bool {
        guard let end = keyEnd(at: start) else { return false }
        scalar(start..<end, plain: true, at: start)
        var value = end + 1
        while value < lineEnd && text[value] == 0x20 { value += 1 }
        if value == lineEnd || text[value] == UInt8(ascii: "#") {
            pendingKey = (indent, line, column(of: end) + 1)
            deepestNext = Int.max
            return true
        }
        deepestNext = indent
        return readValue(at: value)
    }

    /// The value starting at `start` and filling the rest of the line.
    private mutating func readValue(at start: Int) -> Bool {
        let end: Int?
        switch text[start] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): end = quoted(at: start)
        case UInt8(ascii: "["), UInt8(ascii: "{"): end = flow(at: start)
        default: end = plain(at: start, inFlow: false)
        }
        guard let end else { return false }
        return restIsComment(from: end)
    }

    // MARK: Scalars and flow collections

    /// A plain scalar; returns where it ends (after its last character). In a flow collection it
    /// stops before `,`, `]` or `}`.
    private mutating func plain(at start: Int, inFlow: Bool) -> Int? {
        guard !Self.cannotStartPlain(text[start]) else { return nil }
        var index = start, end = start
        while index < lineEnd {
            let byte = text[index]
            if byte == 0x20 {
                index += 1
                if index < lineEnd && text[index] == UInt8(ascii: "#") { break }
                continue
            }
            if byte == UInt8(ascii: ":") && (index + 1 == lineEnd || text[index + 1] == 0x20 || inFlow) { return nil }
            if inFlow {
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { break }
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "#")
                    || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { return nil }
            }
            index += 1
            end = index
        }
        scalar(start..<end, plain: true, at: start)
        return end
    }

    /// A one-line quoted scalar without escapes (`"…"` without `\`, `'…'` without `''`); returns
    /// the index after its closing quote.
    private mutating func quoted(at start: Int) -> Int? {
        let quote = text[start]
        var index = start + 1
        while index < lineEnd && text[index] != quote {
            if text[index] == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") { return nil }
            index += 1
        }
        guard index < lineEnd else { return nil }
        if quote == UInt8(ascii: "'") && index + 1 < lineEnd && text[index + 1] == quote { return nil }
        scalar((start + 1)..<index, plain: false, at: start)
        return index + 1
    }

    /// `[a, b]` or `{k: v, k2: v2}` on one line, of one-line scalars; returns the index after it.
    private mutating func flow(at start: Int) -> Int? {
        let isMapping = text[start] == UInt8(ascii: "{")
        let close = isMapping ? UInt8(ascii: "}") : UInt8(ascii: "]")
        sink.take(.collectionStart(isMapping: isMapping, anchor: nil, line: line, column: column(of: start)))
        var index = skipSpaces(start + 1)
        if index < lineEnd && text[index] == close {
            sink.take(.collectionEnd)
            return index + 1
        }
        while true {
            guard index < lineEnd else { return nil }
            if isMapping {
                guard let end = keyEnd(at: index), end + 1 < lineEnd, text[end + 1] == 0x20 else { return nil }
                scalar(index..<end, plain: true, at: index)
                index = skipSpaces(end + 1)
                guard index < lineEnd else { return nil }
            }
            let quote = text[index] == UInt8(ascii: "\"") || text[index] == UInt8(ascii: "'")
            guard let end = quote ? quoted(at: index) : plain(at: index, inFlow: true) else { return nil }
            index = skipSpaces(end)
            guard index < lineEnd else { return nil }
            if text[index] == close {
                sink.take(.collectionEnd)
                return index + 1
            }
            guard text[index] == UInt8(ascii: ",") else { return nil }
            index = skipSpaces(index + 1)
            guard index < lineEnd, text[index] != close else { return nil }  // `[a, ]`: libyaml's to judge
        }
    }

    /// Bytes that may not start a plain scalar here: YAML's indicators, plus `-`, `?` and `:`,
    /// which may in some places but are refused everywhere to keep the rules simple.
    private static func cannotStartPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
             UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
             UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), 0x20:
            return true
        default:
            return false
        }
    }

    private mutating func scalar(_ range: Range<Int>, plain: Bool, at start: Int) {
        let value = String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)
        sink.take(.scalar(value, plain: plain, anchor: nil, line: line, column: column(of: start)))
    }

    private func emptyScalar(line: Int, column: Int) -> YAMLEvent {
        .scalar("", plain: true, anchor: nil, line: line, column: column)
    }

    // MARK: Small tests on the current line

    /// 1-based line number of the current line in the whole file.
    private var line: Int { lineNumber + 1 + lineOffset }

    /// 1-based column of `offset` on the current line, in characters as libyaml counts them.
    private func column(of offset: Int) -> Int {
        if lineIsASCII { return offset - lineStart + 1 }
        var characters = 1
        for index in lineStart..<offset where text[index] & 0xC0 != 0x80 { characters += 1 }
        return characters
    }

    /// `- ` or a `-` ending the line.
    private func isListEntry(at index: Int) -> Bool {
        text[index] == UInt8(ascii: "-") && (index + 1 == lineEnd || text[index + 1] == 0x20)
    }

    /// The end of a simple key at `index` (letters, digits, `_`, and `-` after the first), when a
    /// `:` follows it and then a space or the end of the line.
    private func keyEnd(at index: Int) -> Int? {
        func isKeyByte(_ byte: UInt8, first: Bool) -> Bool {
            (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == UInt8(ascii: "_") || (!first && byte == UInt8(ascii: "-"))
        }
        var end = index
        while end < lineEnd && end - index < 256 && isKeyByte(text[end], first: end == index) { end += 1 }
        guard end > index, end < lineEnd, text[end] == UInt8(ascii: ":") else { return nil }
        return end + 1 == lineEnd || text[end + 1] == 0x20 ? end : nil
    }

    private func skipSpaces(_ index: Int) -> Int {
        var index = index
        while index < lineEnd && text[index] == 0x20 { index += 1 }
        return index
    }

    /// Whether only spaces, or spaces and a comment, follow `index` on the line.
    private func restIsComment(from index: Int) -> Bool {
        let next = skipSpaces(index)
        return next == lineEnd || (next > index && text[next] == UInt8(ascii: "#"))
    }

    /// `---` or `...` followed by a space or the end of the line.
    private func startsDocumentMarker(at index: Int) -> Bool {
        guard index + 3 <= lineEnd else { return false }
        let first = text[index]
        guard (first == UInt8(ascii: "-") || first == UInt8(ascii: ".")) && text[index + 1] == first
            && text[index + 2] == first else { return false }
        return index + 3 == lineEnd || text[index + 3] == 0x20
    }

    /// Whether the line holds only characters this reader takes: printable ASCII and well-formed
    /// UTF-8 from U+00A0 to U+FFFD, without tabs, carriage returns, byte order marks, U+2028/2029
    /// (line breaks to libyaml) or characters above U+FFFF.
    private mutating func checkCharacters() -> Bool {
        lineIsASCII = true
        var index = lineStart
        // Eight bytes at a time while they are all printable ASCII (0x20 ... 0x7E).
        if let base = text.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= lineEnd {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let below = (word &- 0x2020_2020_2020_2020) & ~word
                let above = (word &+ 0x0101_0101_0101_0101) | word
                if (below | above) & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
        }
        while index < lineEnd {
            let byte = text[index]
            if byte < 0x80 {
                guard byte >= 0x20 && byte != 0x7F else { return false }
                index += 1
                continue
            }
            lineIsASCII = false
            func continuation(_ offset: Int) -> UInt8? {
                index + offset < lineEnd && text[index + offset] & 0xC0 == 0x80 ? text[index + offset] : nil
            }
            if byte >= 0xC2 && byte <= 0xDF {
                guard let second = continuation(1), byte > 0xC2 || second >= 0xA0 else { return false }
                index += 2
            } else if byte >= 0xE0 && byte <= 0xEF {
                guard let second = continuation(1), continuation(2) != nil else { return false }
                let third = text[index + 2]
                if byte == 0xE0 && second < 0xA0 { return false }  // overlong
                if byte == 0xED && second >= 0xA0 { return false }  // surrogates
                if byte == 0xE2 && second == 0x80 && (third == 0xA8 || third == 0xA9) { return false }
                if byte == 0xEF && ((second == 0xBB && third == 0xBF) || (second == 0xBF && third >= 0xBE)) { return false }
                index += 3
            } else {
                return false
            }
        }
        return true
    }
}
