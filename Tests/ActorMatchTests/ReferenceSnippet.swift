@testable import ActorMatch

/// The snippet code before the single-pass writer and the eight-byte steps, kept as the oracle for
/// `SnippetAgreementTests`: one scalar at a time, so it shares nothing with the fast code but what
/// counts as white space (`Snippet.isSpace`, part of the definition rather than of the speed) and
/// the one-scalar step back (`Snippet.previous`, `Snippet.scalarBefore`), which has no fast form.
enum ReferenceSnippet {
    static let width = 160

    /// The snippet, and where the mention sits in it (in scalars), for highlighting.
    static func context(_ utf8: UnsafeBufferPointer<UInt8>, byteStart: Int, byteEnd: Int,
                        mentionLength: Int) -> (text: String, offset: Int, length: Int) {
        guard let base = utf8.baseAddress else { return ("", 0, 0) }
        let count = utf8.count
        let extra = max(0, width - mentionLength)
        var (low, usedLeft) = back(base, from: byteStart, scalars: extra / 2)
        var (high, usedRight) = forward(base, count, from: byteEnd, scalars: extra - usedLeft)
        if usedLeft + usedRight < extra { (low, usedLeft) = back(base, from: low, scalars: extra - usedLeft - usedRight) }
        if low > 0 && !Snippet.isSpace(Snippet.scalarBefore(base, low)) {
            while low < byteStart {
                let (value, length) = Scanner.decode(base, at: low, count: count)
                low += length
                if Snippet.isSpace(value) { break }
            }
        }
        if high < count && !Snippet.isSpace(Scanner.decode(base, at: high, count: count).0) {
            while high > byteEnd && !Snippet.isSpace(Snippet.scalarBefore(base, high)) { high = Snippet.previous(base, high) }
        }
        var pendingSpace = false
        var mentionStart = 0, mentionEnd = 0
        // One allocation: the snippet is at most the source bytes plus two `…` marks.
        let text = String(unsafeUninitializedCapacity: high - low + 6) { out in
            var written = 0
            var scalarsOut = 0
            func mark() {
                out[written] = 0xE2; out[written + 1] = 0x80; out[written + 2] = 0xA6
                written += 3
                scalarsOut += 1
            }
            if low > 0 { mark() }
            let firstText = scalarsOut
            var position = low
            while position < high {
                if position == byteStart { mentionStart = scalarsOut + (pendingSpace ? 1 : 0) }
                if position == byteEnd { mentionEnd = scalarsOut }
                let byte = base[position]
                if byte > 0x20 && byte < 0x80 {
                    if pendingSpace { out[written] = 0x20; written += 1; scalarsOut += 1; pendingSpace = false }
                    out[written] = byte
                    written += 1
                    scalarsOut += 1
                    position += 1
                    continue
                }
                let (value, length) = Scanner.decode(base, at: position, count: count)
                if Snippet.isSpace(value) {
                    pendingSpace = scalarsOut > firstText
                } else {
                    if pendingSpace { out[written] = 0x20; written += 1; scalarsOut += 1 }
                    pendingSpace = false
                    for offset in 0..<length { out[written + offset] = base[position + offset] }
                    written += length
                    scalarsOut += 1
                }
                position += length
            }
            if byteEnd >= high { mentionEnd = scalarsOut }
            if high < count { mark() }
            return written
        }
        return (text, mentionStart, max(0, mentionEnd - mentionStart))
    }

    private static func back(_ base: UnsafePointer<UInt8>, from index: Int, scalars: Int) -> (Int, Int) {
        var index = index, used = 0
        while used < scalars && index > 0 { index = Snippet.previous(base, index); used += 1 }
        return (index, used)
    }

    private static func forward(_ base: UnsafePointer<UInt8>, _ count: Int, from index: Int, scalars: Int) -> (Int, Int) {
        var index = index, used = 0
        while used < scalars && index < count { index += Scanner.decode(base, at: index, count: count).1; used += 1 }
        return (index, used)
    }
}
