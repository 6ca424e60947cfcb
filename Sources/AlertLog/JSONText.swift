/// A small JSON writer that appends to a byte buffer in a fixed key order.
///
/// Foundation's encoders do not keep key order stable between calls, and the alert log's order is
/// part of its contract; this also avoids an intermediate dictionary per line. `status --json`
/// writes with it too (Foundation's encoder was two thirds of it at 50,000 feeds).
public struct JSONText {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func key(_ name: StaticString) {
        if let last = bytes.last, last != UInt8(ascii: "{"), last != UInt8(ascii: "[") { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    public mutating func string(_ value: String?) {
        guard let value else { return raw("null") }
        bytes.append(UInt8(ascii: "\""))
        var copy = value
        copy.withUTF8 { utf8 in
            // Copy runs of bytes that need no escape in one go; escape the rest.
            var runStart = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                let isSeparator = byte == 0xE2 && index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9)
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C || isSeparator else {
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                switch byte {
                case 0x22: raw("\\\"")
                case 0x5C: raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                case 0xE2:
                    // U+2028 / U+2029: legal JSON, but they end lines in JavaScript consumers.
                    utf8[index + 2] == 0xA8 ? raw("\\u2028") : raw("\\u2029")
                    index += 2
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    raw("\\u00")
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                }
                index += 1
                runStart = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func number(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    public mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    public mutating func strings(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Starts an object inside an array, with the comma when it is not the first.
    public mutating func element() {
        if let last = bytes.last, last == UInt8(ascii: "}") { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "{"))
    }
}
