extension String {
    /// A string from UTF-8 the parser produced (plain text of a field). `String(decoding:as:)`
    /// validates byte by byte once the text holds any non-ASCII character, which cost a tenth of
    /// the parse; the parser's own check (eight ASCII bytes at a time, `UTF8Repair`) is several
    /// times faster and also tells whether the text is ASCII, so the string is then created from
    /// already-checked bytes with the same contents and flags. Bytes the check refuses (it is
    /// stricter than UTF-8: no C0 controls but tab/LF/CR, no U+FFFE/U+FFFF) take the standard path.
    init(parsedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        if #available(macOS 26, iOS 26, watchOS 26, tvOS 26, visionOS 26, *),
           let isASCII = UTF8Repair.asciiIfValid(bytes) {
            self = String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
        } else {
            self = String(decoding: bytes, as: UTF8.self)
        }
    }
}
