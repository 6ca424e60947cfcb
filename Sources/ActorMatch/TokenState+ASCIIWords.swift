/// The scanner's ASCII fast paths: whole words of ASCII letters and digits, with no token open,
/// folded and classified without the general path's unit-by-unit work.
extension TokenState {
    /// The same for one word found byte by byte (`start ..< end`, `classes` the union of its
    /// bytes' `ByteClass`): near the end of the text, where eight-byte loads would overrun it,
    /// and past the length limit.
    @inline(__always)
    mutating func addASCIIWord<R: TokenResolver>(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int,
                                                 count: Int, classes: UInt8, scalar: Int32,
                                                 _ resolver: inout R, _ tokens: inout [ScannedToken]) {
        let wordLength = end - start
        var id = ScannedToken.unknownID
        if wordLength <= Scanner.maxTokenBytes {
            ASCIIWord.fold(base + start, length: wordLength, readable: count - start, into: buffer)
            id = resolver.resolveASCII(UnsafeBufferPointer(start: buffer, count: wordLength))
        }
        if id < 0 && last == .gap { return }
        let wordShape = ASCIIWord.shape(base + start, length: wordLength, classes: classes)
        emit(id, wordShape, start, end, scalar, scalar + Int32(truncatingIfNeeded: wordLength), &tokens,
             reading: resolver.reading)
    }

    /// The fast path: ASCII words separated by single spaces, the commonest run in news text,
    /// handled without going back to the scanner's byte loop between words. Returns the index
    /// after the last word or space handled, or nil, having changed nothing, when the first word
    /// needs another path.
    mutating func addASCIIWords<R: TokenResolver>(_ base: UnsafePointer<UInt8>, from first: Int, count: Int,
                                                  scalar firstScalar: Int32, _ resolver: inout R,
                                                  _ tokens: inout [ScannedToken]) -> Int? {
        var start = first
        var scalar = firstScalar
        while true {
            guard let (length, delimiter) = addASCIIWord(base, from: start, count: count, scalar: scalar,
                                                         &resolver, &tokens)
            else { return start == first ? nil : start }
            // A space only ends the word: go straight on to the next one.
            guard delimiter == 0x20 else { return start + length }
            start += length + 1
            scalar += Int32(truncatingIfNeeded: length + 1)
        }
    }

    /// One word of ASCII letters and digits at `start` (no token open), classified eight bytes at
    /// a time by `ASCIIWord.classify` and folded with one OR per eight bytes. Returns its length
    /// and the byte after it, or nil, having changed nothing, when there is no such word or it
    /// needs another path: it runs into a byte ≥ 0x80, comes within eight bytes of the end of the
    /// text, or exceeds the length limit.
    @inline(__always)
    private mutating func addASCIIWord<R: TokenResolver>(_ base: UnsafePointer<UInt8>, from start: Int, count: Int,
                                                         scalar: Int32, _ resolver: inout R,
                                                         _ tokens: inout [ScannedToken]) -> (Int, UInt8)? {
        var offset = 0
        var shape = ASCIIWord.ShapeBuilder()
        while start + offset + 8 <= count && offset < Scanner.maxTokenBytes {
            let chunk = UInt64(littleEndian: UnsafeRawPointer(base + start + offset).loadUnaligned(as: UInt64.self))
            let bits = ASCIIWord.classify(chunk)
            let nonWord = bits.nonWord
            let inWord = nonWord.trailingZeroBitCount >> 3
            if inWord == 8 {
                UnsafeMutableRawPointer(buffer + offset).storeBytes(of: (chunk | 0x2020_2020_2020_2020).littleEndian,
                                                                  as: UInt64.self)
                shape.add(bits, length: 8)
                offset += 8
                continue
            }
            // The delimiter is in this chunk: a byte ≥ 0x80 may continue the word.
            let wordLength = offset + inWord
            guard wordLength > 0, chunk & nonWord & (0 &- nonWord) == 0 else { return nil }
            if inWord > 0 {
                let folded = (chunk | 0x2020_2020_2020_2020) & (UInt64.max >> UInt64(64 - 8 * inWord))
                UnsafeMutableRawPointer(buffer + offset).storeBytes(of: folded.littleEndian, as: UInt64.self)
                shape.add(bits, length: inWord)
            }
            let id = resolver.resolveASCII(UnsafeBufferPointer(start: buffer, count: wordLength))
            if id >= 0 || last != .gap {
                emit(id, shape.shape, start, start + wordLength, scalar, scalar + Int32(truncatingIfNeeded: wordLength),
                     &tokens, reading: resolver.reading)
            }
            return (wordLength, UInt8(truncatingIfNeeded: chunk >> UInt64(8 * inWord)))
        }
        return nil
    }
}
