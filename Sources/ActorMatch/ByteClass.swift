/// What a UTF-8 byte is to the tokeniser, looked up in a 256-entry table so the ASCII loop pays
/// one load per byte instead of several range compares. Bytes ≥ 0x80 are `nonASCII`: the scalar
/// they start goes through `FoldTable`.
enum ByteClass {
    static let upper: UInt8 = 1
    static let lower: UInt8 = 2
    static let digit: UInt8 = 4
    /// Any of upper, lower, digit: part of a word.
    static let word: UInt8 = 7
    static let lineBreak: UInt8 = 8
    static let nonASCII: UInt8 = 16

    /// The table, allocated once per process and never freed (it lives in `FoldTable.shared`).
    static func makeTable() -> UnsafeMutablePointer<UInt8> {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            let value: UInt8
            switch byte {
            case 0x41...0x5A: value = upper
            case 0x61...0x7A: value = lower
            case 0x30...0x39: value = digit
            case 0x0A...0x0D: value = lineBreak
            case 0x80...: value = nonASCII
            default: value = 0
            }
            (table + byte).initialize(to: value)
        }
        return table
    }
}
