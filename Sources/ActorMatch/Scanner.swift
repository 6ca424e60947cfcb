/// The tokeniser's hot loop: one pass over a field's UTF-8, folding as it goes. Cost is linear in
/// the text and independent of the watchlist, apart from one hash lookup per token.
///
/// Most news text is ASCII, so a word of ASCII letters and digits between ASCII delimiters takes
/// a fast path: one class-table load per byte, then the word is folded eight bytes at a time and
/// hashed once. Anything else (a word touching a byte ≥ 0x80, or a token already open) goes
/// through the general path, which builds the same folded bytes unit by unit; both end in the
/// same hash and lookup, so they cannot disagree about what a word is.
enum Scanner {
    /// Longer folded tokens cannot be alias words (the builder uses the same limit) and get no id.
    static let maxTokenBytes = 512

    /// `fastPaths: false` sends every word and scalar through the general path (no ASCII word
    /// path, no `TwoByteFold`): tests compare the two. A gap at the end of a text can start no
    /// phrase and is dropped; phrases being compiled keep it (`keepsTrailingGap`), since a word
    /// past the length limit at their end makes the whole phrase unmatchable.
    static func scan<R: TokenResolver>(_ text: UnsafeBufferPointer<UInt8>, resolver: inout R,
                                       cache: inout FoldCache, into tokens: inout [ScannedToken],
                                       fastPaths: Bool = true, keepsTrailingGap: Bool = false) {
        guard let base = text.baseAddress, text.count > 0 else { return }
        // Slack past the limit: the fold writes and the hash reads eight bytes at a time.
        let capacity = maxTokenBytes + 8
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
        defer { buffer.deallocate() }
        var state = TokenState(buffer: buffer, after: tokens.last)
        let table = FoldTable.shared
        let classes = table.byteClass
        let twoByte = table.twoByte
        let count = text.count
        var index = 0
        var scalar: Int32 = 0
        while index < count {
            let kind = classes[Int(base[index])]
            if kind & ByteClass.word != 0 {
                if fastPaths && !state.open {
                    if let end = state.addASCIIWords(base, from: index, count: count, scalar: scalar,
                                                     &resolver, &tokens) {
                        scalar += Int32(truncatingIfNeeded: end - index)
                        index = end
                        continue
                    }
                    // Near the end of the text, or past the length limit: the same, byte by byte.
                    var end = index + 1
                    var seen = kind
                    while end < count {
                        let next = classes[Int(base[end])]
                        if next & ByteClass.word == 0 { break }
                        seen |= next
                        end += 1
                    }
                    if end == count || classes[Int(base[end])] & ByteClass.nonASCII == 0 {
                        state.addASCIIWord(base, from: index, to: end, count: count, classes: seen,
                                           scalar: scalar, &resolver, &tokens)
                        scalar += Int32(truncatingIfNeeded: end - index)
                        index = end
                        continue
                    }
                }
                // The word may continue past a non-ASCII scalar (`Türkiye`): build it unit by unit.
                let end = state.addASCIIRun(base, from: index, count: count, scalar: scalar)
                scalar += Int32(truncatingIfNeeded: end - index)
                index = end
                continue
            }
            if kind & ByteClass.nonASCII == 0 {
                state.finish(&resolver, &tokens)
                if kind == ByteClass.lineBreak { state.lineBreak(&tokens) }
                index += 1
                scalar += 1
                continue
            }
            // Letters of Latin with diacritics, Greek, Cyrillic, Hebrew, Arabic: one packed entry.
            let lead = base[index]
            if fastPaths && lead >= 0xC2 && lead < 0xE0 && index + 1 < count {
                let value = UInt32(lead & 0x1F) << 6 | UInt32(base[index + 1] & 0x3F)
                let entry = twoByte[Int(value - TwoByteFold.firstValue)]
                if entry.isSimple && state.addTwoByte(entry, at: index, scalar) {
                    index += 2
                    scalar += 1
                    continue
                }
            }
            let (value, length) = decode(base, at: index, count: count)
            let end = index + length
            // Persian writes compounds with a zero-width non-joiner (`حزب‌الله`): after an
            // Arabic-script letter it parts words like a space; elsewhere it stays ignorable.
            if value == 0x200C && Self.followsArabicScript(base, at: index) {
                state.finish(&resolver, &tokens)
                index = end
                scalar += 1
                continue
            }
            if let slot = table.slot(of: value) {
                let first = Int(table.unitStart[slot]), last = Int(table.unitStart[slot + 1])
                for unitIndex in first..<last {
                    let unit = table.units[unitIndex]
                    state.apply(unit, bytes: table.bytes + Int(unit.byteStart), from: index, scalar, to: end,
                                &resolver, &tokens)
                }
            } else {
                let (first, unitCount) = cache.lookup(value)
                for unitIndex in first..<(first + unitCount) {
                    let unit = cache.units[unitIndex]
                    cache.bytes.withUnsafeBufferPointer { bytes in
                        guard let bytesBase = bytes.baseAddress else {
                            state.apply(unit, bytes: buffer, from: index, scalar, to: end, &resolver, &tokens)
                            return
                        }
                        state.apply(unit, bytes: bytesBase + Int(unit.byteStart), from: index, scalar, to: end,
                                    &resolver, &tokens)
                    }
                }
            }
            index = end
            scalar += 1
        }
        state.finish(&resolver, &tokens)
        if !keepsTrailingGap, let last = tokens.last, last.id < 0 { tokens.removeLast() }
    }

    /// Whether the scalar before `index` is in the Arabic blocks (U+0600–U+077F: two-byte
    /// sequences with lead bytes D8–DD).
    @inline(__always)
    static func followsArabicScript(_ base: UnsafePointer<UInt8>, at index: Int) -> Bool {
        index >= 2 && base[index - 2] &- 0xD8 < 6 && base[index - 1] & 0xC0 == 0x80
    }

    /// Decodes one scalar. Swift strings are valid UTF-8, but a truncated sequence still yields
    /// U+FFFD and moves on rather than reading past the end.
    @inline(__always)
    static func decode(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> (UInt32, Int) {
        let lead = UInt32(base[index])
        if lead < 0x80 { return (lead, 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= count else { return (0xFFFD, 1) }
        var value = lead & (0xFF >> UInt32(length + 1))
        for offset in 1..<length { value = value << 6 | UInt32(base[index + offset] & 0x3F) }
        return (value, length)
    }
}
