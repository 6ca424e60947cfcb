/// The context shown with a mention: about `width` characters around it, cut at word boundaries,
/// whitespace runs (line breaks included) shown as one space, `…` where text was cut.
enum Snippet {
    static let width = 160

    static func context(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> String {
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
        for scalar in scalars[low..<high] {
            if isSpace(scalar) {
                pendingSpace = wroteText
                continue
            }
            if pendingSpace { result.append(" ") }
            pendingSpace = false
            result.append(scalar)
            wroteText = true
        }
        if high < count { result.append("…") }
        return String(result)
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0x200B
    }
}
