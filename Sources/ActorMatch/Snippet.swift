/// The context shown with a mention: about `width` characters around it, cut at word boundaries,
/// whitespace runs (line breaks included) shown as one space, `…` where text was cut.
enum Snippet {
    static let width = 160

    /// The snippet, and where the mention sits in it (in scalars), for highlighting.
    static func context(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> (text: String, offset: Int, length: Int) {
        let count = scalars.count
        let extra = max(0, width - (end - start))
        var low = max(0, start - extra / 2)
        var high = min(count, end + extra - (start - low))
        low = max(0, low - max(0, width - (high - low)))
        if low > 0 && !isSpace(scalars[low - 1]) {
            while low < start && !isSpace(scalars[low]) { low += 1 }
        }
        if high < count && !isSpace(scalars[high]) {
            while high > end && !isSpace(scalars[high - 1]) { high -= 1 }
        }
        var result = String.UnicodeScalarView()
        if low > 0 { result.append("…") }
        var pendingSpace = false
        var wroteText = false
        var mentionStart = 0, mentionEnd = 0
        for position in low..<high {
            let scalar = scalars[position]
            if position == start { mentionStart = result.count + (pendingSpace ? 1 : 0) }
            if position == end { mentionEnd = result.count }
            if isSpace(scalar) {
                pendingSpace = wroteText
                continue
            }
            if pendingSpace { result.append(" ") }
            pendingSpace = false
            result.append(scalar)
            wroteText = true
        }
        if end >= high { mentionEnd = result.count }
        if high < count { result.append("…") }
        return (String(result), mentionStart, max(0, mentionEnd - mentionStart))
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0x200B
    }
}
