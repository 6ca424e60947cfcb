/// The windows-1252 characters at 0x80–0x9F. Feeds labelled iso-8859-1 or us-ascii are in
/// practice windows-1252 (0x92 is a right quote, not a C1 control), and HTML5 maps numeric
/// references in that range the same way.
enum Windows1252 {
    /// Code points for bytes 0x80...0x9F; the five bytes windows-1252 leaves undefined map to
    /// U+FFFD.
    static let high: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// The Unicode code point for one windows-1252 byte.
    @inline(__always)
    static func scalar(_ byte: UInt8) -> UInt32 {
        (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
    }
}
