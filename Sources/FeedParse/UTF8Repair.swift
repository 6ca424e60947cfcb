/// Checks that a document is UTF-8 that XML 1.0 accepts, and repairs it when it is not: each
/// invalid sequence becomes U+FFFD, each forbidden control character a space. libxml2 would
/// otherwise switch the rest of the document to Latin-1 at the first bad byte.
enum UTF8Repair {
    static func repair(_ raw: UnsafeRawBufferPointer, warnings: inout [String]) -> CharsetDecoder.Output {
        let bytes = raw.bindMemory(to: UInt8.self)
        guard let firstBad = firstProblem(bytes) else { return .borrowed(raw) }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + 16)
        output.append(contentsOf: bytes[..<firstBad])
        var index = firstBad
        var replaced = 0
        while index < bytes.count {
            let length = sequenceLength(bytes, at: index)
            if length > 0 {
                output.append(contentsOf: bytes[index..<index + length])
                index += length
            } else if bytes[index] < 0x80 {
                output.append(0x20)
                index += 1
                replaced += 1
            } else {
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                index += 1
                replaced += 1
            }
        }
        warnings.append("replaced \(replaced) invalid or control byte\(replaced == 1 ? "" : "s") in the document")
        return .owned(output)
    }

    /// Repairs an owned buffer (the output of a transcoder), reusing it when already clean.
    static func repair(_ bytes: [UInt8], warnings: inout [String]) -> CharsetDecoder.Output {
        let repaired: [UInt8]? = bytes.withUnsafeBytes { raw in
            guard firstProblem(raw.bindMemory(to: UInt8.self)) != nil else { return nil }
            if case let .owned(fixed) = repair(raw, warnings: &warnings) { return fixed }
            return nil
        }
        return .owned(repaired ?? bytes)
    }

    /// The index of the first byte that is not valid XML-acceptable UTF-8, or nil. Eight ASCII
    /// bytes at a time while no control character is among them; otherwise straight to the first
    /// byte that needs a closer look (the lowest flagged byte of both masks is exact).
    static func firstProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        scan(bytes).firstProblem
    }

    /// Whether `bytes` is XML-acceptable UTF-8 and, if so, whether it is all ASCII; nil when not.
    static func asciiIfValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let result = scan(bytes)
        return result.firstProblem == nil ? result.isASCII : nil
    }

    @inline(__always)
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (firstProblem: Int?, isASCII: Bool) {
        guard let base = bytes.baseAddress else { return (nil, true) }
        let count = bytes.count
        var index = 0
        var isASCII = true
        let raw = UnsafeRawPointer(base)
        while index < count {
            if index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let highBits = word & 0x8080_8080_8080_8080
                let belowSpace = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                let flagged = highBits | belowSpace
                if flagged == 0 {
                    index += 8
                    continue
                }
                index += ByteMask.firstOffset(flagged)
            }
            let length = sequenceLength(bytes, at: index)
            if length == 0 { return (index, false) }
            if length > 1 { isASCII = false }
            index += length
        }
        return (nil, isASCII)
    }

    /// The length of the valid, XML-acceptable sequence at `index`, or 0.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 {
            return lead >= 0x20 || lead == 0x09 || lead == 0x0A || lead == 0x0D ? 1 : 0
        }
        let remaining = bytes.count - index
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            offset < remaining && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xEF:
            // U+FFFE and U+FFFF are not XML characters.
            guard continuation(1), continuation(2) else { return 0 }
            return bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE ? 0 : 3
        case 0xE1...0xEC, 0xEE:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }
}
