/// Escapes each `&` that does not start a well-formed reference (`AT&T`, `?a=1&b=2`), outside
/// CDATA sections and comments. libxml2 drops the name after such an `&` ("AT&T" becomes "AT"),
/// so a document in which it reported one is parsed a second time from this repaired copy.
enum StrayAmpersandRepair {
    static let note = "escaped stray '&' characters and parsed again"

    static func repair(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 64)
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                if let end = skipOpaque(bytes, at: index, opener: "<![CDATA[", closer: "]]>")
                    ?? skipOpaque(bytes, at: index, opener: "<!--", closer: "-->") {
                    output.append(contentsOf: bytes[index..<end])
                    index = end
                    continue
                }
            } else if byte == UInt8(ascii: "&"), !isReference(bytes, at: index + 1) {
                output.append(contentsOf: Array("&amp;".utf8))
                index += 1
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    /// The end of a construct whose content is not markup, or nil when none starts at `index`.
    static func skipOpaque(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, opener: StaticString,
                                   closer: StaticString) -> Int? {
        guard matches(bytes, at: index, opener) else { return nil }
        var cursor = index + opener.utf8CodeUnitCount
        while cursor < bytes.count {
            if matches(bytes, at: cursor, closer) { return cursor + closer.utf8CodeUnitCount }
            cursor += 1
        }
        return bytes.count
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        return (0..<length).allSatisfy { bytes[index + $0] == text.utf8Start[$0] }
    }

    /// `#digits;`, `#xhex;` or `name;` at `index` (just after the `&`).
    private static func isReference(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var cursor = index
        guard cursor < bytes.count else { return false }
        if bytes[cursor] == UInt8(ascii: "#") {
            cursor += 1
            let hex = cursor < bytes.count && (bytes[cursor] | 0x20) == UInt8(ascii: "x")
            if hex { cursor += 1 }
            let start = cursor
            while cursor < bytes.count, hex ? bytes[cursor].isHexDigitASCII : (0x30...0x39).contains(bytes[cursor]) {
                cursor += 1
            }
            return cursor > start && cursor < bytes.count && bytes[cursor] == UInt8(ascii: ";")
        }
        guard isLetter(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "_") || bytes[cursor] == UInt8(ascii: ":")
        else { return false }
        while cursor < bytes.count, cursor - index < 64,
              isAlphanumeric(bytes[cursor]) || [UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: ".")]
                .contains(bytes[cursor]) {
            cursor += 1
        }
        return cursor < bytes.count && bytes[cursor] == UInt8(ascii: ";")
    }
}

extension UInt8 {
    var isHexDigitASCII: Bool { (0x30...0x39).contains(self) || (0x61...0x66).contains(self | 0x20) }
}
