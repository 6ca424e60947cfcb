/// Turns a document's bytes into valid UTF-8 without XML 1.0's forbidden control characters,
/// which is what the XML stage is given (it is told to ignore the document's own declaration).
/// The encoding is chosen in this order: byte-order mark, HTTP charset, XML declaration, UTF-8.
/// Invalid bytes become U+FFFD and forbidden controls are dropped; neither is ever fatal.
///
/// Two publisher mistakes are corrected, each with a warning: a document without any declared
/// encoding whose bytes are mostly not UTF-8 is read as windows-1252 (as browsers and
/// feedparser do), and a document labelled Latin-1/windows-1252 whose body is valid multi-byte
/// UTF-8 is read as UTF-8 (else `Brøndby` becomes `BrÃ¸ndby`). Pure ASCII reads the same
/// either way and is never switched.
///
/// Already-clean UTF-8 (and pure ASCII under any single-byte label) is used in place, so the
/// common case copies nothing.
enum CharsetDecoder {
    /// The document as UTF-8: either a slice of the caller's buffer or a transcoded copy.
    enum Output {
        case borrowed(UnsafeRawBufferPointer)
        case owned([UInt8])

        func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            switch self {
            case let .borrowed(raw): body(raw.bindMemory(to: UInt8.self))
            case let .owned(bytes): bytes.withUnsafeBufferPointer(body)
            }
        }
    }

    static func decode(_ raw: UnsafeRawBufferPointer, httpCharset: String?,
                       warnings: inout [String]) -> Output {
        let bytes = raw.bindMemory(to: UInt8.self)
        let (bom, bomLength) = byteOrderMark(bytes)
        let body = UnsafeRawBufferPointer(rebasing: raw[bomLength...])
        var encoding: DocumentEncoding
        var labelled = true
        if let bom {
            encoding = bom
        } else if let label = httpCharset?.trimmingASCIIWhitespace(), !label.isEmpty {
            encoding = DocumentEncoding(label: label, sample: bytes)
        } else if let declared = declaredEncoding(bytes) {
            encoding = DocumentEncoding(label: declared, sample: bytes)
        } else {
            encoding = unmarkedUTF16(bytes) ?? .utf8
            labelled = encoding != .utf8
        }
        let bodyBytes = body.bindMemory(to: UInt8.self)
        if bom == nil, encoding == .windows1252, UTF8Repair.isMultibyteUTF8(bodyBytes) {
            warnings.append("labelled as a Latin-1 charset but the text is UTF-8; decoded as UTF-8")
            encoding = .utf8
        }
        switch encoding {
        case .utf8:
            let firstBad = UTF8Repair.firstProblem(bodyBytes)
            if !labelled, firstBad != nil, UTF8Repair.looksLikeLegacy8Bit(bodyBytes) {
                warnings.append("no encoding declared and the bytes are not UTF-8; decoded as windows-1252")
                return SingleByteTranscoder.windows1252(body, warnings: &warnings)
            }
            return UTF8Repair.repair(body, firstBad: firstBad, warnings: &warnings)
        case .windows1252:
            return SingleByteTranscoder.windows1252(body, warnings: &warnings)
        case let .utf16(bigEndian):
            return .owned(UTF16Transcoder.transcode(body.bindMemory(to: UInt8.self), bigEndian: bigEndian,
                                                    warnings: &warnings))
        case let .other(label):
            if let transcoded = IconvTranscoder.transcode(body, from: label, warnings: &warnings) {
                return UTF8Repair.repair(transcoded, warnings: &warnings)
            }
            warnings.append("unknown charset \"\(label)\"; decoded as UTF-8")
            return UTF8Repair.repair(body, warnings: &warnings)
        }
    }

    private static func byteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> (DocumentEncoding?, Int) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16(bigEndian: true), 2) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16(bigEndian: false), 2) }
        return (nil, 0)
    }

    /// `<?xml` in UTF-16 without a byte-order mark.
    private static func unmarkedUTF16(_ bytes: UnsafeBufferPointer<UInt8>) -> DocumentEncoding? {
        if bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return .utf16(bigEndian: false) }
        if bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return .utf16(bigEndian: true) }
        return nil
    }

    /// The `encoding="…"` of an XML declaration at the very start of the document.
    static func declaredEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let head = Array(bytes.prefix(256))
        guard head.starts(with: Array("<?xml".utf8)),
              let close = head.firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let key = Array("encoding".utf8)
        guard let found = (0..<max(close - key.count, 0)).first(where: { head[$0..<$0 + key.count].elementsEqual(key) })
        else { return nil }
        var index = found + key.count
        while index < close, head[index] == 0x20 || head[index] == 0x3D || head[index] == 0x09 { index += 1 }
        guard index < close, head[index] == 0x22 || head[index] == 0x27 else { return nil }
        let quote = head[index]
        let valueStart = index + 1
        guard let valueEnd = head[valueStart..<close].firstIndex(of: quote), valueEnd > valueStart else { return nil }
        return String(decoding: head[valueStart..<valueEnd], as: UTF8.self)
    }
}

/// The encodings the decoder distinguishes; every other label goes to iconv.
enum DocumentEncoding: Equatable {
    case utf8
    case windows1252
    case utf16(bigEndian: Bool)
    case other(String)

    /// Interprets a charset label; iso-8859-1 and us-ascii mean windows-1252 in practice.
    init(label: String, sample: UnsafeBufferPointer<UInt8>) {
        let name = label.lowercased().trimmingASCIIWhitespace().filter { $0 != "\"" && $0 != "'" }
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8":
            self = .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
             "windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100", "csisolatin1":
            self = .windows1252
        case "utf-16le":
            self = .utf16(bigEndian: false)
        case "utf-16be":
            self = .utf16(bigEndian: true)
        case "utf-16", "unicode":
            self = .utf16(bigEndian: sample.first == 0x00)
        default:
            self = .other(name)
        }
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace (space, tab, CR, LF, FF).
    func trimmingASCIIWhitespace() -> String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { $0 > 0x20 }),
              let last = bytes.lastIndex(where: { $0 > 0x20 }) else { return "" }
        if first == bytes.startIndex, bytes.index(after: last) == bytes.endIndex { return self }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
