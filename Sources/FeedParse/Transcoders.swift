#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// windows-1252 (and therefore iso-8859-1 and us-ascii labels) to UTF-8. Control characters
/// XML does not allow are dropped, as in UTF-8 documents.
enum SingleByteTranscoder {
    static func windows1252(_ raw: UnsafeRawBufferPointer, warnings: inout [String]) -> CharsetDecoder.Output {
        let bytes = raw.bindMemory(to: UInt8.self)
        if UTF8Repair.firstProblem(bytes) == nil, !bytes.contains(where: { $0 >= 0x80 }) {
            return .borrowed(raw)
        }
        var writer = UTF8Writer(capacity: bytes.count + bytes.count / 8)
        var dropped = 0
        for byte in bytes {
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                dropped += 1
                continue
            }
            writer.append(Windows1252.scalar(byte))
        }
        UTF8Repair.report(replaced: 0, dropped: dropped, warnings: &warnings)
        return .owned(writer.bytes)
    }
}

/// UTF-16 in either byte order to UTF-8; lone surrogates become U+FFFD.
enum UTF16Transcoder {
    static func transcode(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool, warnings: inout [String]) -> [UInt8] {
        var writer = UTF8Writer(capacity: bytes.count)
        var index = 0
        func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
        }
        while index + 1 < bytes.count {
            let first = unit(index)
            index += 2
            if (0xD800...0xDBFF).contains(first), index + 1 < bytes.count {
                let second = unit(index)
                if (0xDC00...0xDFFF).contains(second) {
                    index += 2
                    writer.append(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                    continue
                }
            }
            writer.append((0xD800...0xDFFF).contains(first) ? 0xFFFD : first)
        }
        if index < bytes.count {
            warnings.append("UTF-16 document has an odd number of bytes; the last one was dropped")
        }
        return writer.bytes
    }
}

/// Any other charset glibc knows (koi8-r, shift_jis, gb2312, iso-8859-x, ...); an undecodable
/// byte becomes U+FFFD and decoding resumes after it.
enum IconvTranscoder {
    static func transcode(_ raw: UnsafeRawBufferPointer, from label: String, warnings: inout [String]) -> [UInt8]? {
        let converter = iconv_open("UTF-8", label)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        guard let source = raw.baseAddress, !raw.isEmpty else { return [] }
        var output = [UInt8](repeating: 0, count: raw.count * 2 + 16)
        var produced = 0
        var input: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: source.assumingMemoryBound(to: CChar.self))
        var inputLeft = raw.count
        var replaced = 0
        while inputLeft > 0 {
            if output.count - produced < 16 { output += [UInt8](repeating: 0, count: output.count) }
            let outputLeftBefore = output.count - produced
            var outputLeft = outputLeftBefore
            let result = output.withUnsafeMutableBytes { buffer -> Int in
                var target = buffer.baseAddress.map { $0.advanced(by: produced).assumingMemoryBound(to: CChar.self) }
                return iconv(converter, &input, &inputLeft, &target, &outputLeft)
            }
            produced += outputLeftBefore - outputLeft
            if result == -1 {
                let error = errno
                if error == E2BIG { continue }
                // EILSEQ or EINVAL: an invalid or truncated sequence.
                if output.count - produced < 3 { output += [UInt8](repeating: 0, count: output.count) }
                output.replaceSubrange(produced..<produced + 3, with: [0xEF, 0xBF, 0xBD])
                produced += 3
                input = input.map { $0 + 1 }
                inputLeft -= 1
                replaced += 1
            }
        }
        if replaced > 0 { warnings.append("replaced \(replaced) bytes that are not valid \(label)") }
        output.removeSubrange(produced...)
        return output
    }
}

/// Appends code points as UTF-8; forbidden XML control characters become spaces.
struct UTF8Writer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ value: UInt32) {
        switch value {
        case 0x09, 0x0A, 0x0D:
            bytes.append(UInt8(value))
        case 0..<0x20, 0xFFFE, 0xFFFF:
            bytes.append(0x20)
        default:
            appendUTF8(value, to: &bytes)
        }
    }
}

/// Appends one code point (a valid scalar value) as UTF-8.
@inline(__always)
func appendUTF8(_ value: UInt32, to bytes: inout [UInt8]) {
    forEachUTF8Byte(of: value) { bytes.append($0) }
}

/// The UTF-8 bytes of one code point (a valid scalar value), in order; shared by the array and
/// `ByteBuffer` writers.
@inline(__always)
func forEachUTF8Byte(of value: UInt32, _ body: (UInt8) -> Void) {
    switch value {
    case 0..<0x80:
        body(UInt8(value))
    case 0x80..<0x800:
        body(UInt8(0xC0 | (value >> 6)))
        body(UInt8(0x80 | (value & 0x3F)))
    case 0x800..<0x10000:
        body(UInt8(0xE0 | (value >> 12)))
        body(UInt8(0x80 | ((value >> 6) & 0x3F)))
        body(UInt8(0x80 | (value & 0x3F)))
    default:
        body(UInt8(0xF0 | (value >> 18)))
        body(UInt8(0x80 | ((value >> 12) & 0x3F)))
        body(UInt8(0x80 | ((value >> 6) & 0x3F)))
        body(UInt8(0x80 | (value & 0x3F)))
    }
}
