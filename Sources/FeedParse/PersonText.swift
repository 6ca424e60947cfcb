/// Author strings as RSS and Dublin Core write them. RSS 2.0 asks for `email (Name)`, many
/// publishers write `Name (email)` or `Name <email>`; the name is what a reader (and a watchlist
/// of people) knows, so that is what is kept. Anything else is kept as written.
enum PersonText {
    static func name(_ text: String) -> String {
        let trimmed = text.trimmingASCIIWhitespace()
        guard trimmed.utf8.last == UInt8(ascii: ")") || trimmed.utf8.last == UInt8(ascii: ">"),
              let open = trimmed.lastIndex(of: trimmed.last == ")" ? "(" : "<") else { return trimmed }
        let outside = trimmed[..<open].trimmingCharacters(in: " \t\n")
        let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            .trimmingCharacters(in: " \t\n")
        guard !outside.isEmpty, !inside.isEmpty else { return trimmed }
        if isEmail(outside), trimmed.last == ")" { return String(inside) }
        if isEmail(inside) { return String(outside) }
        return trimmed
    }

    /// One word with an `@` inside: enough to tell the address from the name.
    private static func isEmail(_ text: Substring) -> Bool {
        guard let at = text.firstIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex else {
            return false
        }
        return !text.contains(where: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" })
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        let characters = Set(set)
        var result = self
        while let first = result.first, characters.contains(first) { result = result.dropFirst() }
        while let last = result.last, characters.contains(last) { result = result.dropLast() }
        return result
    }
}

/// Base64 (RFC 4648, standard alphabet) as Atom 0.3 `mode="base64"` carries it; whitespace and
/// line breaks between groups are allowed, anything else outside the alphabet is not.
enum Base64Text {
    static func decode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in input {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="):
                padding += 1
                continue
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default: return nil
            }
            // Data after padding is not base64.
            guard padding == 0 else { return nil }
            accumulator = (accumulator << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }
}
