/// Folding, classification and shape of all-ASCII words, for the scanner's fast path.
enum ASCIIWord {
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Letters, digits and upper-case letters among eight bytes, as bit 7 of each byte.
    struct Bits {
        var letters: UInt64
        var digits: UInt64
        var upper: UInt64

        /// Bit 7 set for each byte that is not an ASCII letter or digit.
        var nonWord: UInt64 { ~(letters | digits) & ASCIIWord.highBits }
    }

    /// The smart-case shape of a word built from successive chunks, as the general path computes
    /// it letter by letter.
    struct ShapeBuilder {
        private(set) var shape: ScannedToken.Shape = []

        /// Adds the first `length` bytes (1...8) of a chunk's classification.
        @inline(__always)
        mutating func add(_ bits: Bits, length: Int) {
            let inWord = UInt64.max >> UInt64(64 - 8 * length)
            let letters = bits.letters & inWord
            guard letters != 0 else { return }
            let upper = bits.upper & inWord
            if shape.contains(.hasLetter) {
                shape.insert(.multiLetter)
            } else {
                shape.insert(.hasLetter)
                if upper & letters & (0 &- letters) != 0 { shape.insert(.firstUpper) }
                if letters & (letters &- 1) != 0 { shape.insert(.multiLetter) }
            }
            if letters & ~upper != 0 { shape.insert(.hasLower) }
        }
    }

    /// Classifies eight bytes at once (SWAR). Each byte is below 0x80 after masking, so adding a
    /// per-byte constant never carries into the next byte; bit 7 then says "at least" the bound.
    @inline(__always)
    static func classify(_ chunk: UInt64) -> Bits {
        let ascii = ~chunk & highBits
        let seven = chunk & 0x7F7F_7F7F_7F7F_7F7F
        let lowered = seven | 0x2020_2020_2020_2020
        let letters = (lowered &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(lowered &+ 0x0505_0505_0505_0505) & ascii
        let digits = (seven &+ 0x5050_5050_5050_5050) & ~(seven &+ 0x4646_4646_4646_4646) & ascii
        // Upper case: a letter with bit 5 clear (shifted up to bit 7).
        return Bits(letters: letters, digits: digits, upper: letters & ~(chunk << 2))
    }

    /// Lower-cases `length` bytes of letters and digits into `buffer`: setting bit 0x20 lower-cases
    /// a letter and leaves a digit alone, so eight bytes fold with one OR. `readable` is how many
    /// bytes from `source` lie inside the text; `buffer` has eight bytes of slack.
    @inline(__always)
    static func fold(_ source: UnsafePointer<UInt8>, length: Int, readable: Int, into buffer: UnsafeMutablePointer<UInt8>) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(buffer)
        var offset = 0
        while offset < length {
            guard offset + 8 <= readable else {
                while offset < length { buffer[offset] = source[offset] | 0x20; offset += 1 }
                return
            }
            let chunk = from.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            to.storeBytes(of: chunk | 0x2020_2020_2020_2020, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
    }

    /// The smart-case shape, exactly as the general path computes it letter by letter.
    @inline(__always)
    static func shape(_ word: UnsafePointer<UInt8>, length: Int, classes: UInt8) -> ScannedToken.Shape {
        if classes & ByteClass.digit == 0 {
            // Letters only: the first byte is the first letter.
            var shape: ScannedToken.Shape = .hasLetter
            if word[0] &- 0x41 < 26 { shape.insert(.firstUpper) }
            if length > 1 { shape.insert(.multiLetter) }
            if classes & ByteClass.lower != 0 { shape.insert(.hasLower) }
            return shape
        }
        guard classes & (ByteClass.upper | ByteClass.lower) != 0 else { return [] }
        var shape: ScannedToken.Shape = .hasLetter
        var letters = 0
        for offset in 0..<length {
            let byte = word[offset]
            let isUpper = byte &- 0x41 < 26
            guard isUpper || byte &- 0x61 < 26 else { continue }
            if letters == 0 && isUpper { shape.insert(.firstUpper) }
            letters += 1
        }
        if letters > 1 { shape.insert(.multiLetter) }
        if classes & ByteClass.lower != 0 { shape.insert(.hasLower) }
        return shape
    }
}
