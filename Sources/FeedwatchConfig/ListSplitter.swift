/// Finds where a large YAML file's top-level block list can be cut into pieces that libyaml can
/// read on separate threads.
///
/// A cut is only a guess made from the text: a line that starts, at the list's own indentation,
/// with `- `. The guess is confirmed by reading (`WatchlistChunks`): the piece before a cut must
/// parse cleanly with the list still open at its end, which rules out cuts inside quoted or
/// flow-style values and inside any other list.
struct ListSplitter {
    /// A piece of the list, starting at the beginning of a line.
    struct Cut: Equatable {
        /// Byte offset of the line's first byte.
        var offset: Int
        /// 1-based line number of that line in the whole file.
        var line: Int
    }

    /// Everything before the line that opens the list (`actors:`): the root entries written first.
    var prologueEnd: Int
    /// Where pieces after the first begin, in increasing order; empty when the file cannot be cut.
    var cuts: [Cut]

    /// Cuts `bytes` into at most `pieces` parts at list items of the root key `key`, aiming for
    /// equal sizes. Nil when the list is not written as `key:` at column 0 followed by a block list.
    init?(_ bytes: [UInt8], key: String, pieces: Int) {
        guard pieces > 1, let keyLine = Self.keyLine(bytes, key: key),
              let indent = Self.itemIndent(bytes, after: keyLine.end) else { return nil }
        prologueEnd = keyLine.start
        cuts = []
        let start = keyLine.end
        var line = 1, counted = 0
        for piece in 1..<pieces {
            let target = max(start + (bytes.count - start) * piece / pieces, cuts.last.map { $0.offset + 1 } ?? start)
            guard let offset = Self.nextItem(bytes, from: target, indent: indent) else { break }
            line += Self.newlines(bytes, counted..<offset)
            counted = offset
            if cuts.last?.offset != offset { cuts.append(Cut(offset: offset, line: line)) }
        }
        if cuts.isEmpty { return nil }
    }

    /// The line `key:` at column 0 (spaces or a comment may follow), as its start and the offset
    /// just after its newline.
    private static func keyLine(_ bytes: [UInt8], key: String) -> (start: Int, end: Int)? {
        let pattern = Array(key.utf8) + [UInt8(ascii: ":")]
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = endOfLine(bytes, from: lineStart)
            if bytes[lineStart..<min(lineStart + pattern.count, bytes.count)].elementsEqual(pattern),
               isBlankOrComment(bytes[(lineStart + pattern.count)..<lineEnd]) {
                return (lineStart, min(lineEnd + 1, bytes.count))
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// The indentation of the list's first item, when the first non-blank line after the key is one.
    private static func itemIndent(_ bytes: [UInt8], after offset: Int) -> Int? {
        var lineStart = offset
        while lineStart < bytes.count {
            let lineEnd = endOfLine(bytes, from: lineStart)
            var column = lineStart
            while column < lineEnd, bytes[column] == UInt8(ascii: " ") { column += 1 }
            if !isBlankOrComment(bytes[column..<lineEnd]) {
                return isItemStart(bytes, at: column, lineEnd: lineEnd) ? column - lineStart : nil
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// The start of the first line at or after `offset` that begins an item at `indent`.
    private static func nextItem(_ bytes: [UInt8], from offset: Int, indent: Int) -> Int? {
        var position = offset
        while position < bytes.count {
            guard let newline = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            let lineStart = newline + 1
            let dash = lineStart + indent
            if dash < bytes.count, bytes[lineStart..<dash].allSatisfy({ $0 == UInt8(ascii: " ") }),
               isItemStart(bytes, at: dash, lineEnd: endOfLine(bytes, from: dash)) {
                return lineStart
            }
            position = lineStart
        }
        return nil
    }

    /// `-` followed by a space or the end of the line: a block list item, not `-1` or `--`.
    private static func isItemStart(_ bytes: [UInt8], at index: Int, lineEnd: Int) -> Bool {
        guard index < lineEnd, bytes[index] == UInt8(ascii: "-") else { return false }
        return index + 1 == lineEnd || bytes[index + 1] == UInt8(ascii: " ")
    }

    private static func isBlankOrComment(_ bytes: ArraySlice<UInt8>) -> Bool {
        for byte in bytes {
            if byte == UInt8(ascii: "#") { return true }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\r") { return false }
        }
        return true
    }

    private static func endOfLine(_ bytes: [UInt8], from offset: Int) -> Int {
        bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    }

    /// Counted eight bytes at a time: the cuts of a 12 MB watchlist count every line before them,
    /// before any piece can start. In `word ^ 0x0A0A…` a newline is a zero byte; the expression
    /// below sets the high bit of exactly the zero bytes (no borrow crosses bytes), and those bits
    /// are counted.
    private static func newlines(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
        bytes.withUnsafeBytes { raw in
            var count = 0
            var index = range.lowerBound
            while index + 8 <= range.upperBound {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                let low = (word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F
                count &+= (~(low | word | 0x7F7F_7F7F_7F7F_7F7F)).nonzeroBitCount
                index += 8
            }
            while index < range.upperBound {
                if raw[index] == UInt8(ascii: "\n") { count += 1 }
                index += 1
            }
            return count
        }
    }
}
