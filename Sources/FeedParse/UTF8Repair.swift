/// Checks that a document is UTF-8 that XML 1.0 accepts, and repairs it when it is not: each
/// invalid sequence becomes U+FFFD and each forbidden control character is dropped (a space
/// would split the word it sits in, `Ham\u{1}as` must still read `Hamas`). libxml2 would
/// otherwise switch the rest of the document to Latin-1 at the first bad byte.
enum UTF8Repair {
    static func repair(_ raw: UnsafeRawBufferPointer, warnings: inout [String]) -> CharsetDecoder.Output {
        repair(raw, firstBad: firstProblem(raw.bindMemory(to: UInt8.self)), warnings: &warnings)
    }

    /// The same, with the first problem already found by the caller (nil: none).
    static func repair(_ raw: UnsafeRawBufferPointer, firstBad: Int?, warnings: inout [String]) -> CharsetDecoder.Output {
        let bytes = raw.bindMemory(to: UInt8.self)
        guard let firstBad else { return .borrowed(raw) }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + 16)
        output.append(contentsOf: bytes[..<firstBad])
        var index = firstBad
        var replaced = 0
        var dropped = 0
        while index < bytes.count {
            let length = sequenceLength(bytes, at: index)
            if length > 0 {
                output.append(contentsOf: bytes[index..<index + length])
                index += length
            } else if bytes[index] < 0x80 {
                index += 1
                dropped += 1
            } else {
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                index += 1
                replaced += 1
            }
        }
        report(replaced: replaced, dropped: dropped, warnings: &warnings)
        return .owned(output)
    }

    static func report(replaced: Int, dropped: Int, warnings: inout [String]) {
        if replaced > 0 { warnings.append("replaced \(replaced) invalid byte\(replaced == 1 ? "" : "s") in the document") }
        if dropped > 0 {
            warnings.append("dropped \(dropped) control character\(dropped == 1 ? "" : "s") XML does not allow")
        }
    }

    /// Whether the bytes hold at least one multi-byte UTF-8 sequence and, apart from control
    /// characters, nothing that is not UTF-8: a document labelled Latin-1 that passes this was
    /// written in UTF-8 (Latin-1 text practically never forms valid multi-byte sequences).
    static func isMultibyteUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var sawMultibyte = false
        while let offset = scan(UnsafeBufferPointer(rebasing: bytes[index...])).firstProblem {
            index += offset
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        // The scan reports only problems; a second pass is cheap next to transcoding.
        index = 0
        while index < bytes.count {
            if bytes[index] >= 0xC2 {
                sawMultibyte = sequenceLength(bytes, at: index) > 1
                if sawMultibyte { break }
            }
            index += 1
        }
        return sawMultibyte
    }

    /// Counts, for a document without any declared encoding, valid multi-byte sequences against
    /// bytes that are not UTF-8: more of the latter means it was written in a legacy 8-bit
    /// encoding (windows-1252, as browsers and feedparser assume), not UTF-8 with a few bad bytes.
    static func looksLikeLegacy8Bit(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var valid = 0
        var invalid = 0
        var index = 0
        while let offset = scan(UnsafeBufferPointer(rebasing: bytes[index...])).firstProblem {
            // Count the valid multi-byte sequences skipped over on the way.
            valid += multibyteCount(UnsafeBufferPointer(rebasing: bytes[index..<index + offset]))
            index += offset
            if bytes[index] >= 0x80 { invalid += 1 }
            index += 1
        }
        guard invalid > 0 else { return false }
        valid += multibyteCount(UnsafeBufferPointer(rebasing: bytes[index...]))
        return invalid > valid
    }

    private static func multibyteCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.count { $0 >= 0xC2 && $0 <= 0xF4 }
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
