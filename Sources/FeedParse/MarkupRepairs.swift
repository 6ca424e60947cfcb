#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `&#X41;`: XML allows only a lower-case `x` in hexadecimal character references, but HTML and
/// every lenient feed parser accept the capital. libxml2 drops such a reference with the text
/// after it, so documents holding one are rewritten with `&#x` before libxml2 reads them. CDATA
/// sections and comments are left as written: their text is not markup, and `FastXMLReader`
/// (which gives up on `&#X` anywhere else) passes it through unchanged too.
enum HexReferenceRepair {
    /// The rewritten document, or nil when it has no `&#X` followed by a hex digit outside CDATA
    /// sections and comments.
    static func repair(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let base = bytes.baseAddress, bytes.count >= 4, containsCapitalHexReference(base, count: bytes.count) else {
            return nil
        }
        var output = Array(bytes)
        var changed = false
        var index = 0
        while index + 3 < output.count {
            if output[index] == UInt8(ascii: "<"),
               let end = StrayAmpersandRepair.skipOpaque(bytes, at: index, opener: "<![CDATA[", closer: "]]>")
                ?? StrayAmpersandRepair.skipOpaque(bytes, at: index, opener: "<!--", closer: "-->") {
                index = end
            } else if output[index] == UInt8(ascii: "&"), output[index + 1] == UInt8(ascii: "#"),
               output[index + 2] == UInt8(ascii: "X"), output[index + 3].isHexDigitASCII {
                output[index + 2] = UInt8(ascii: "x")
                changed = true
                index += 3
            } else {
                index += 1
            }
        }
        return changed ? output : nil
    }

    /// A `memchr` hop from capital `X` to capital `X`, which is rare in text (unlike `&`, of
    /// which escaped HTML is full), checking the two bytes before each.
    private static func containsCapitalHexReference(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        var index = 2
        while index < count, let found = memchr(base + index, 0x58, count - index) {
            let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if base[at - 1] == UInt8(ascii: "#"), base[at - 2] == UInt8(ascii: "&") { return true }
            index = at + 1
        }
        return false
    }
}

/// libxml2 stops reading at its depth limit (256 open elements) and everything after the deep
/// element, later items included, is lost. A document where that happened is parsed again from
/// a copy without the tags nested deeper than `maxDepth` (their text stays, joined to the
/// deepest element kept), so the items after it are recovered.
enum DepthRepair {
    static let maxDepth = FastXMLReader.maxDepth
    static let notePrefix = "parsed again without "

    /// The copy and the number of tags dropped.
    static func repair(_ bytes: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], dropped: Int) {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var depth = 0
        var suppressed = 0
        var dropped = 0
        var index = 0
        let count = bytes.count
        func starts(_ text: StaticString, at position: Int) -> Bool {
            let length = text.utf8CodeUnitCount
            guard position + length <= count else { return false }
            return (0..<length).allSatisfy { bytes[position + $0] == text.utf8Start[$0] }
        }
        /// The index after `closer`, searched from `from`; the end of the document when absent.
        func end(of closer: StaticString, from: Int) -> Int {
            var position = from
            while position < count {
                if bytes[position] == closer.utf8Start[0], starts(closer, at: position) {
                    return position + closer.utf8CodeUnitCount
                }
                position += 1
            }
            return count
        }
        /// The index after the `>` that closes a tag or declaration, outside quotes and brackets.
        func tagEnd(from: Int) -> Int {
            var position = from
            var quote: UInt8 = 0
            var brackets = 0
            while position < count {
                let byte = bytes[position]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == 0x22 || byte == 0x27 {
                    quote = byte
                } else if byte == UInt8(ascii: "[") {
                    brackets += 1
                } else if byte == UInt8(ascii: "]") {
                    brackets = max(brackets - 1, 0)
                } else if byte == UInt8(ascii: ">"), brackets == 0 {
                    return position + 1
                }
                position += 1
            }
            return count
        }
        while index < count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "<"), index + 1 < count else {
                output.append(byte)
                index += 1
                continue
            }
            let next = bytes[index + 1]
            let stop: Int
            if starts("<!--", at: index) {
                stop = end(of: "-->", from: index + 4)
            } else if starts("<![CDATA[", at: index) {
                stop = end(of: "]]>", from: index + 9)
            } else if next == UInt8(ascii: "?") {
                stop = end(of: "?>", from: index + 2)
            } else if next == UInt8(ascii: "!") {
                stop = tagEnd(from: index + 2)
            } else if next == UInt8(ascii: "/") {
                stop = tagEnd(from: index + 2)
                if suppressed > 0 {
                    suppressed -= 1
                    dropped += 1
                    index = stop
                    continue
                }
                depth = max(depth - 1, 0)
            } else if isLetter(next) || next == UInt8(ascii: "_") || next == UInt8(ascii: ":") || next >= 0x80 {
                stop = tagEnd(from: index + 1)
                let selfClosing = stop - 2 > index && bytes[stop - 2] == UInt8(ascii: "/")
                if suppressed > 0 || depth >= maxDepth {
                    if !selfClosing { suppressed += 1 }
                    dropped += 1
                    index = stop
                    continue
                }
                if !selfClosing { depth += 1 }
            } else {
                output.append(byte)
                index += 1
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<stop]))
            index = stop
        }
        return (output, dropped)
    }
}
