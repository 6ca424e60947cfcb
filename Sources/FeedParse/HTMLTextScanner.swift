/// The byte-level HTML-to-text state machine behind `HTMLText`. It reads UTF-8 once, front to
/// back, and writes into a `PlainTextWriter`; every loop only moves forward, so long text, many
/// attributes or unterminated constructs stay linear.
struct HTMLTextScanner {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private let markup: TextMarkup
    private let classes: UnsafePointer<UInt8>

    private init(base: UnsafePointer<UInt8>, count: Int, markup: TextMarkup, classes: UnsafePointer<UInt8>) {
        self.base = base
        self.count = count
        self.markup = markup
        self.classes = classes
    }

    /// Appends the plain text of `input` to `writer`.
    static func convert(_ input: UnsafeBufferPointer<UInt8>, markup: TextMarkup, into writer: inout PlainTextWriter) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        byteClasses.withUnsafeBufferPointer { classes in
            guard let classes = classes.baseAddress else { return }
            let scanner = HTMLTextScanner(base: base, count: input.count, markup: markup, classes: classes)
            scanner.run(from: 0, to: input.count, markup: markup, into: &writer)
        }
    }

    // Byte classes: 0 ordinary text, 1 whitespace or control, 2 `&`, 3 `<`, 4 0xC2 (NBSP, soft
    // hyphen), 5 0xE2/0xE3 (Unicode spaces, zero-width characters, the ideographic space).
    private static let byteClasses: [UInt8] = (0...255).map { byte -> UInt8 in
        switch byte {
        case 0x00...0x20, 0x7F: 1
        case 0x26: 2
        case 0x3C: 3
        case 0xC2: 4
        case 0xE2, 0xE3: 5
        default: 0
        }
    }

    private func run(from start: Int, to end: Int, markup: TextMarkup, into writer: inout PlainTextWriter) {
        var index = start
        while index < end {
            switch classes[Int(base[index])] {
            case 0:
                // A run of text, single spaces between words included, in one write.
                let stop = ordinaryRunEnd(from: index &+ 1, to: end)
                writer.write(UnsafeBufferPointer(start: base + index, count: stop &- index))
                index = stop
            case 1:
                writer.space()
                index &+= 1
            case 2:
                index = reference(at: index, end: end, into: &writer)
            case 3:
                if markup == .html {
                    index = tag(at: index, end: end, into: &writer)
                } else {
                    writer.write(byte: 0x3C)
                    index &+= 1
                }
            default:
                index = special(at: index, end: end, into: &writer)
            }
        }
    }

    /// Where a run of class-0 bytes that continues at `start` ends; a single space is part of the
    /// run when a class-0 byte follows it. Eight bytes at a time while none of them ends the run,
    /// then one step (which also takes a space between words) and back to words.
    @inline(__always)
    private func ordinaryRunEnd(from start: Int, to end: Int) -> Int {
        var stop = start
        let raw = UnsafeRawPointer(base)
        while true {
            if stop &+ 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: stop, as: UInt64.self)
                let spaces = ByteMask.equal(word, 0x20)
                let others = ByteMask.lessThan(word, 0x20) | ByteMask.equal(word, 0x7F)
                    | ByteMask.equal(word, 0x26) | ByteMask.equal(word, 0x3C) | ByteMask.equal(word, 0xC2)
                    | ByteMask.equal(word | ByteMask.ones, 0xE3)
                // A space followed by anything but a class-0 byte (or last in the word) stops too.
                // A spurious bit (see `ByteMask`) only stops the word early, and the step below
                // then takes that byte or space as part of the run.
                let stops = others | spaces & ((others | spaces) &>> 8 | 0x8000_0000_0000_0000)
                if stops == 0 {
                    stop &+= 8
                    continue
                }
                stop &+= ByteMask.firstOffset(stops)
            }
            guard stop < end else { return stop }
            if classes[Int(base[stop])] == 0 {
                stop &+= 1
            } else if base[stop] == 0x20, stop &+ 1 < end, classes[Int(base[stop &+ 1])] == 0 {
                stop &+= 2
            } else {
                return stop
            }
        }
    }

    /// A 0xC2, 0xE2 or 0xE3 lead byte: Unicode spaces collapse, invisible joiners vanish, anything else
    /// is ordinary text (its continuation bytes follow as ordinary bytes).
    private func special(at index: Int, end: Int, into writer: inout PlainTextWriter) -> Int {
        let lead = base[index]
        if lead == 0xC2, index + 1 < end {
            let next = base[index + 1]
            if next == 0xA0 || next == 0xAD {
                writer.write(scalar: UInt32(next))
                return index + 2
            }
        } else if lead == 0xE3, index + 2 < end, base[index + 1] == 0x80, base[index + 2] == 0x80 {
            writer.space()
            return index + 3
        } else if lead == 0xE2, index + 2 < end, base[index + 1] == 0x80 || base[index + 1] == 0x81 {
            let scalar = 0x2000 | (UInt32(base[index + 1] & 0x3F) << 6) | UInt32(base[index + 2] & 0x3F)
            switch scalar {
            case 0x2000...0x200D, 0x2028, 0x2029, 0x202F, 0x205F, 0x2060:
                writer.write(scalar: scalar)
                return index + 3
            default:
                break
            }
        }
        writer.write(byte: lead)
        return index + 1
    }

    // MARK: References

    /// Decodes the character reference at `&`, or writes a literal `&`. A reference that decodes
    /// to `&` and is followed by another complete reference (`&amp;amp;`, `&amp;rsquo;`) is the
    /// mark of double escaping: the second one is decoded too.
    private func reference(at index: Int, end: Int, into writer: inout PlainTextWriter) -> Int {
        guard var decoded = decodeReference(at: index + 1, end: end, requireSemicolon: false) else {
            writer.write(byte: 0x26)
            return index + 1
        }
        while decoded.isAmpersand,
              let again = decodeReference(at: decoded.end, end: end, requireSemicolon: true) {
            decoded = again
        }
        for scalar in decoded.scalars { writer.write(scalar: scalar) }
        return decoded.end
    }

    private struct Decoded {
        var scalars: [UInt32]
        var end: Int
        var isAmpersand: Bool { scalars == [0x26] }
    }

    private func decodeReference(at start: Int, end: Int, requireSemicolon: Bool) -> Decoded? {
        guard start < end else { return nil }
        if base[start] == UInt8(ascii: "#") { return decodeNumeric(at: start + 1, end: end, requireSemicolon: requireSemicolon) }
        var stop = start
        while stop < end, stop - start < 32, isAlphanumeric(base[stop]) { stop += 1 }
        guard stop > start else { return nil }
        let table = HTMLEntityTable.shared
        if stop < end, base[stop] == UInt8(ascii: ";"),
           let entry = table.lookup(UnsafeBufferPointer(start: base + start, count: stop - start), semicolon: true) {
            return Decoded(scalars: entry.scalars, end: stop + 1)
        }
        guard !requireSemicolon else { return nil }
        var length = min(stop - start, HTMLEntityTable.longestLegacyName)
        while length >= 2 {
            if let entry = table.lookup(UnsafeBufferPointer(start: base + start, count: length), semicolon: false) {
                return Decoded(scalars: entry.scalars, end: start + length)
            }
            length -= 1
        }
        return nil
    }

    private func decodeNumeric(at start: Int, end: Int, requireSemicolon: Bool) -> Decoded? {
        var index = start
        let hex = index < end && (base[index] | 0x20) == UInt8(ascii: "x")
        if hex { index += 1 }
        let digitsStart = index
        var value: UInt32 = 0
        while index < end {
            let byte = base[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66 where hex: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46 where hex: digit = UInt32(byte - 0x41 + 10)
            default: digit = 99
            }
            if digit == 99 { break }
            value = min(value * (hex ? 16 : 10) + digit, 0x11_0000)
            index += 1
        }
        guard index > digitsStart else { return nil }
        let terminated = index < end && base[index] == UInt8(ascii: ";")
        if requireSemicolon && !terminated { return nil }
        let scalar: UInt32 = switch value {
        case 0, 0xD800...0xDFFF, 0x11_0000...: 0xFFFD
        case 0x80...0x9F: Windows1252.scalar(UInt8(value))
        default: value
        }
        return Decoded(scalars: [scalar], end: terminated ? index + 1 : index)
    }

    // MARK: Tags

    /// Handles the `<` at `index`: tags vanish (block ones leave a line break), comments and
    /// declarations vanish, raw-text elements vanish with their contents, CDATA sections are
    /// text, and a `<` that starts no tag is text.
    private func tag(at index: Int, end: Int, into writer: inout PlainTextWriter) -> Int {
        var cursor = index + 1
        guard cursor < end else {
            writer.write(byte: 0x3C)
            return end
        }
        let closing = base[cursor] == UInt8(ascii: "/")
        if closing { cursor += 1 }
        if cursor < end, isLetter(base[cursor]) {
            let nameStart = cursor
            while cursor < end, isNameByte(base[cursor]) { cursor += 1 }
            let name = UnsafeBufferPointer(start: base + nameStart, count: cursor - nameStart)
            guard let close = tagEnd(from: cursor, end: end) else { return end }
            switch HTMLTagKind(name: name) {
            case .block:
                writer.lineBreak()
            case .rawText where !closing:
                return skipRawText(named: name, from: close + 1, end: end)
            default:
                break
            }
            return close + 1
        }
        if closing {
            return (find(UInt8(ascii: ">"), from: cursor, end: end) ?? end - 1) + 1
        }
        switch base[cursor] {
        case UInt8(ascii: "!"):
            return declaration(at: cursor + 1, end: end, into: &writer)
        case UInt8(ascii: "?"):
            return (find(UInt8(ascii: ">"), from: cursor, end: end) ?? end - 1) + 1
        default:
            writer.write(byte: 0x3C)
            return index + 1
        }
    }

    /// After `<!`: a comment, a CDATA section (its text kept) or a doctype-like declaration.
    private func declaration(at start: Int, end: Int, into writer: inout PlainTextWriter) -> Int {
        if hasPrefix("--", at: start, end: end) {
            return (find(sequence: "-->", from: start + 2, end: end).map { $0 + 3 }) ?? end
        }
        if hasPrefix("[CDATA[", at: start, end: end) {
            let contentStart = start + 7
            let contentEnd = find(sequence: "]]>", from: contentStart, end: end) ?? end
            run(from: contentStart, to: contentEnd, markup: .plain, into: &writer)
            return min(contentEnd + 3, end)
        }
        return (find(UInt8(ascii: ">"), from: start, end: end) ?? end - 1) + 1
    }

    /// The `>` closing a tag whose name ends before `start`, skipping quoted attribute values.
    private func tagEnd(from start: Int, end: Int) -> Int? {
        var index = start
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: ">") { return index }
            index += 1
            guard byte == UInt8(ascii: "=") else { continue }
            while index < end, base[index] <= 0x20 { index += 1 }
            guard index < end, base[index] == 0x22 || base[index] == 0x27 else { continue }
            guard let closeQuote = find(base[index], from: index + 1, end: end) else { return nil }
            index = closeQuote + 1
        }
        return nil
    }

    /// Skips past `</name>` (any case) after a raw-text element's start tag; the rest of the
    /// input when it never closes.
    private func skipRawText(named name: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int {
        var index = start
        while let open = find(UInt8(ascii: "<"), from: index, end: end) {
            let nameStart = open + 2
            if nameStart + name.count <= end, base[open + 1] == UInt8(ascii: "/"),
               (0..<name.count).allSatisfy({ (base[nameStart + $0] | 0x20) == (name[$0] | 0x20) }),
               nameStart + name.count == end || !isNameByte(base[nameStart + name.count]) {
                return (find(UInt8(ascii: ">"), from: nameStart, end: end) ?? end - 1) + 1
            }
            index = open + 1
        }
        return end
    }

    // MARK: Byte helpers

    private func find(_ byte: UInt8, from start: Int, end: Int) -> Int? {
        var index = start
        while index < end {
            if base[index] == byte { return index }
            index += 1
        }
        return nil
    }

    private func find(sequence: StaticString, from start: Int, end: Int) -> Int? {
        let first = sequence.utf8Start[0]
        var index = start
        while let candidate = find(first, from: index, end: end) {
            if hasPrefix(sequence, at: candidate, end: end) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    private func hasPrefix(_ prefix: StaticString, at start: Int, end: Int) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard start + length <= end else { return false }
        for offset in 0..<length where base[start + offset] != prefix.utf8Start[offset] { return false }
        return true
    }
}

@inline(__always)
func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

@inline(__always)
func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || (byte >= 0x30 && byte <= 0x39) }

@inline(__always)
private func isNameByte(_ byte: UInt8) -> Bool {
    isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
}
