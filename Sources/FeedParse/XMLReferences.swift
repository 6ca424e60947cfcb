/// The references an XML document may use without a DTD: the five predefined entities and
/// character references to characters XML allows.
enum XMLReferences {
    static func predefined(_ name: UnsafeBufferPointer<UInt8>) -> UInt8? {
        switch name.count {
        case 2 where name[1] == UInt8(ascii: "t"):
            name[0] == UInt8(ascii: "l") ? UInt8(ascii: "<") : name[0] == UInt8(ascii: "g") ? UInt8(ascii: ">") : nil
        case 3 where name.elementsEqual("amp".utf8): UInt8(ascii: "&")
        case 4 where name.elementsEqual("quot".utf8): 0x22
        case 4 where name.elementsEqual("apos".utf8): 0x27
        default: nil
        }
    }

    /// The character of `#123` / `#x7B` when XML allows it.
    static func numericReference(_ digits: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        var text = digits[...]
        var radix: UInt32 = 10
        if text.first == UInt8(ascii: "x") {
            radix = 16
            text = text.dropFirst()
        }
        guard !text.isEmpty, text.count <= 8 else { return nil }
        var value: UInt32 = 0
        for byte in text {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66 where radix == 16: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46 where radix == 16: digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value * radix + digit
        }
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return Unicode.Scalar(value)
        default: return nil
        }
    }
}
