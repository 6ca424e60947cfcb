/// Writes a snippet, collapsing each whitespace run to one space. A space is written as soon as
/// the run starts and later ones overwrite it, so the ASCII loop has no data-dependent branch:
/// news text has a space every few bytes, and a branch on it mispredicted at every word.
struct SnippetWriter {
    let out: UnsafeMutablePointer<UInt8>
    var written = 0
    /// Bytes written beyond one per scalar (UTF-8 continuation bytes), so scalars = written - extra.
    var extra = 0
    /// True while the output ends in a collapsed space, or nothing has been written yet (leading
    /// whitespace is dropped).
    var inSpace = true
    /// Where the text after the leading `…` starts.
    var textStart = 0

    var scalars: Int { written - extra }

    mutating func mark() {
        out[written] = 0xE2; out[written + 1] = 0x80; out[written + 2] = 0xA6
        written += 3
        extra += 2
        textStart = written
    }

    @inline(__always)
    mutating func copy(_ base: UnsafePointer<UInt8>, _ count: Int, from start: Int, to end: Int) {
        var position = start
        while position < end {
            // Eight bytes of printable ASCII with single spaces are copied as they are.
            if position + 8 <= end {
                let chunk = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                if let spaceAtEnd = Self.plain(chunk, afterSpace: inSpace) {
                    UnsafeMutableRawPointer(out + written).storeBytes(of: chunk, as: UInt64.self)
                    written += 8
                    position += 8
                    inSpace = spaceAtEnd
                    continue
                }
            }
            let byte = base[position]
            if byte < 0x80 {
                let space = byte == 0x20 || byte &- 0x09 < 5
                out[written] = space ? 0x20 : byte
                written &+= space && inSpace ? 0 : 1
                inSpace = space
                position += 1
                continue
            }
            let (value, length) = Scanner.decode(base, at: position, count: count)
            if Snippet.isSpace(value) {
                out[written] = 0x20
                written &+= inSpace ? 0 : 1
                inSpace = true
            } else {
                for offset in 0..<length { out[written + offset] = base[position + offset] }
                written += length
                extra += length - 1
                inSpace = false
            }
            position += length
        }
    }

    /// Whether eight bytes (in memory order) need no rewriting: all in 0x20...0x7F, no two spaces
    /// in a row, no leading space right after one. Returns whether the last byte is a space, or
    /// nil when the bytes need the byte-by-byte path.
    @inline(__always)
    static func plain(_ chunk: UInt64, afterSpace: Bool) -> Bool? {
        let value = UInt64(littleEndian: chunk)
        let ones: UInt64 = 0x0101_0101_0101_0101
        // Bit 7 of a byte set when it is below 0x20 or at least 0x80 (a borrow only follows a
        // byte that is already flagged, so a false flag costs the slow path, never a wrong copy).
        let unusual = ((value &- 0x2020_2020_2020_2020) | value) & ASCIIWord.highBits
        if unusual != 0 { return nil }
        let spaceBytes = value ^ (0x20 &* ones)
        let spaces = (spaceBytes &- ones) & ~spaceBytes & ASCIIWord.highBits
        if spaces & (spaces << 8) != 0 { return nil }
        if afterSpace && spaces & 0x80 != 0 { return nil }
        return spaces >> 63 != 0
    }

    /// A whitespace run at the end of the shown text is not shown.
    mutating func dropTrailingSpace() {
        if inSpace && written > textStart { written -= 1 }
    }
}
