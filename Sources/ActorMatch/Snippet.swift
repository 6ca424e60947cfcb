/// The context shown with a mention: about `width` characters around it, cut at word boundaries,
/// whitespace runs (line breaks included) shown as one space, `…` where text was cut.
///
/// Works on the field's UTF-8 directly: mentions can be dense in news text, and going through
/// `Unicode.Scalar.Properties` for each character around each mention was most of the match time.
enum Snippet {
    static let width = 160

    /// The snippet, and where the mention sits in it (in scalars), for highlighting.
    static func context(_ utf8: UnsafeBufferPointer<UInt8>, byteStart: Int, byteEnd: Int,
                        mentionLength: Int) -> (text: String, offset: Int, length: Int) {
        guard let base = utf8.baseAddress else { return ("", 0, 0) }
        let count = utf8.count
        let (low, high) = window(base, count, byteStart: byteStart, byteEnd: byteEnd, mentionLength: mentionLength)
        var mentionStart = 0, mentionEnd = 0
        // One allocation: the snippet is at most the source bytes plus two `…` marks.
        let text = String(unsafeUninitializedCapacity: high - low + 6) { out in
            guard let start = out.baseAddress else { return 0 }
            var writer = SnippetWriter(out: start)
            if low > 0 { writer.mark() }
            writer.copy(base, count, from: low, to: byteStart)
            mentionStart = writer.scalars
            writer.copy(base, count, from: byteStart, to: byteEnd)
            mentionEnd = writer.scalars
            writer.copy(base, count, from: byteEnd, to: high)
            writer.dropTrailingSpace()
            if byteEnd >= high { mentionEnd = writer.scalars }
            if high < count { writer.mark() }
            return writer.written
        }
        return (text, mentionStart, max(0, mentionEnd - mentionStart))
    }

    /// The byte range shown: `width` scalars in all, split around the mention, then narrowed to
    /// whole words.
    private static func window(_ base: UnsafePointer<UInt8>, _ count: Int, byteStart: Int, byteEnd: Int,
                               mentionLength: Int) -> (Int, Int) {
        let extra = max(0, width - mentionLength)
        var (low, usedLeft) = back(base, from: byteStart, scalars: extra / 2)
        let (forwardEnd, usedRight) = forward(base, count, from: byteEnd, scalars: extra - usedLeft)
        var high = forwardEnd
        if usedLeft + usedRight < extra { (low, usedLeft) = back(base, from: low, scalars: extra - usedLeft - usedRight) }
        if low > 0 && !isSpace(scalarBefore(base, low)) {
            while low < byteStart {
                let (value, length) = Scanner.decode(base, at: low, count: count)
                low += length
                if isSpace(value) { break }
            }
        }
        if high < count && !isSpace(Scanner.decode(base, at: high, count: count).0) {
            while high > byteEnd && !isSpace(scalarBefore(base, high)) { high = previous(base, high) }
        }
        return (low, high)
    }

    /// White space as shown in a snippet: ASCII spaces and controls, NBSP, the Unicode spaces,
    /// line and paragraph separators, ZWSP.
    @inline(__always)
    static func isSpace(_ value: UInt32) -> Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// The start of the scalar before `index` (0 at the start of the text).
    static func previous(_ base: UnsafePointer<UInt8>, _ index: Int) -> Int {
        var index = index - 1
        while index > 0 && base[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }

    static func scalarBefore(_ base: UnsafePointer<UInt8>, _ index: Int) -> UInt32 {
        let start = previous(base, index)
        return Scanner.decode(base, at: start, count: index).0
    }

    /// Moves back `scalars` scalars (fewer at the start of the text), eight at a time over ASCII.
    private static func back(_ base: UnsafePointer<UInt8>, from index: Int, scalars: Int) -> (Int, Int) {
        var index = index, used = 0
        while used < scalars && index > 0 {
            if scalars - used >= 8 && index >= 8 && isASCII(base + index - 8) {
                index -= 8
                used += 8
                continue
            }
            index = previous(base, index)
            used += 1
        }
        return (index, used)
    }

    /// Moves forward `scalars` scalars (fewer at the end of the text), eight at a time over ASCII.
    private static func forward(_ base: UnsafePointer<UInt8>, _ count: Int, from index: Int, scalars: Int) -> (Int, Int) {
        var index = index, used = 0
        while used < scalars && index < count {
            if scalars - used >= 8 && index + 8 <= count && isASCII(base + index) {
                index += 8
                used += 8
                continue
            }
            let byte = base[index]
            index += byte < 0x80 ? 1 : Scanner.decode(base, at: index, count: count).1
            used += 1
        }
        return (index, used)
    }

    @inline(__always)
    private static func isASCII(_ bytes: UnsafePointer<UInt8>) -> Bool {
        UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self) & ASCIIWord.highBits == 0
    }
}
