/// Accumulates plain text as UTF-8 while collapsing whitespace: runs of spaces become one space,
/// block boundaries become one `"\n"`, and nothing is written at either end. The matching stage
/// treats the line break as a phrase boundary, so breaks are kept distinct from spaces.
///
/// Writes go to a `ByteBuffer` rather than an array: text arrives as many short runs, and each
/// array append paid a uniqueness check.
struct PlainTextWriter: ~Copyable {
    private var bytes: ByteBuffer
    private var pending = Pending.none

    private enum Pending { case none, space, lineBreak }

    init(capacity: Int = 256) {
        bytes = ByteBuffer(capacity: capacity)
    }

    mutating func space() {
        if pending == .none { pending = .space }
    }

    mutating func lineBreak() {
        pending = .lineBreak
    }

    @inline(__always)
    private mutating func flush() {
        guard pending != .none else { return }
        if bytes.count > 0 { bytes.append(pending == .lineBreak ? 0x0A : 0x20) }
        pending = .none
    }

    @inline(__always)
    mutating func write(_ run: UnsafeBufferPointer<UInt8>) {
        flush()
        bytes.append(run)
    }

    @inline(__always)
    mutating func write(byte: UInt8) {
        flush()
        bytes.append(byte)
    }

    /// Writes one decoded character, turning Unicode spaces into a space and dropping invisible
    /// joiners (soft hyphen, zero-width space) so `Ha&shy;mas` still reads as one word.
    mutating func write(scalar value: UInt32) {
        switch value {
        case 0x2029:
            lineBreak()
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x202F, 0x205F, 0x3000:
            space()
        case 0xAD, 0x200B...0x200D, 0x2060, 0xFEFF:
            return
        case 0..<0x20, 0x7F...0x9F:
            space()
        default:
            flush()
            bytes.appendUTF8(value)
        }
    }

    /// The text so far, or nil when nothing but whitespace was written.
    var text: String? {
        bytes.count == 0 ? nil : String(parsedUTF8: bytes.bytes)
    }

    mutating func reset() {
        bytes.removeAll()
        pending = .none
    }
}
