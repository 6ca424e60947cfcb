/// The tokeniser's hot loop: one pass over a field's UTF-8, folding as it goes. ASCII is handled
/// inline; other scalars go through `FoldTable` (or the per-call `FoldCache`). Cost is linear in
/// the text and independent of the watchlist, apart from one hash lookup per token.
enum Scanner {
    /// Longer folded tokens cannot be alias words (the builder uses the same limit) and get no id.
    static let maxTokenBytes = 512

    static func scan<R: TokenResolver>(_ text: UnsafeBufferPointer<UInt8>, resolver: inout R,
                                       cache: inout FoldCache, into tokens: inout [ScannedToken]) {
        guard let base = text.baseAddress, text.count > 0 else { return }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: maxTokenBytes)
        defer { buffer.deallocate() }
        var state = TokenState(buffer: buffer)
        let table = FoldTable.shared
        let count = text.count
        var index = 0
        var scalar: Int32 = 0
        while index < count {
            let byte = base[index]
            if byte < 0x80 {
                if byte >= 0x61 && byte <= 0x7A {
                    state.add(byte, letter: .lower, from: index, scalar, to: index + 1)
                } else if byte >= 0x41 && byte <= 0x5A {
                    state.add(byte | 0x20, letter: .upper, from: index, scalar, to: index + 1)
                } else if byte >= 0x30 && byte <= 0x39 {
                    state.add(byte, letter: .none, from: index, scalar, to: index + 1)
                } else if byte >= 0x0A && byte <= 0x0D {
                    state.finish(&resolver, &tokens)
                    state.lineBreak(&tokens)
                } else {
                    state.finish(&resolver, &tokens)
                }
                index += 1
                scalar += 1
                continue
            }
            let (value, length) = decode(base, at: index, count: count)
            let end = index + length
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
        if tokens.last?.id == ScannedToken.breakID { tokens.removeLast() }
    }

    /// Decodes one scalar. Swift strings are valid UTF-8, but a truncated sequence still yields
    /// U+FFFD and moves on rather than reading past the end.
    @inline(__always)
    static func decode(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> (UInt32, Int) {
        let lead = UInt32(base[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= count else { return (0xFFFD, 1) }
        var value = lead & (0xFF >> UInt32(length + 1))
        for offset in 1..<length { value = value << 6 | UInt32(base[index + offset] & 0x3F) }
        return (value, length)
    }
}

/// The token being built: folded bytes, running hash, span and shape.
private struct TokenState {
    let buffer: UnsafeMutablePointer<UInt8>
    var length = 0
    var overflow = false
    var open = false
    var hash = TokenHash.seed
    var shape: ScannedToken.Shape = []
    var byteStart = 0, byteEnd = 0
    var scalarStart: Int32 = 0, scalarEnd: Int32 = 0

    init(buffer: UnsafeMutablePointer<UInt8>) { self.buffer = buffer }

    @inline(__always)
    mutating func begin(at byte: Int, _ scalar: Int32) {
        open = true
        length = 0
        overflow = false
        hash = TokenHash.seed
        shape = []
        byteStart = byte
        scalarStart = scalar
    }

    @inline(__always)
    mutating func noteLetter(_ letter: FoldUnit.Letter) {
        guard letter != .none else { return }
        if shape.contains(.hasLetter) {
            shape.insert(.multiLetter)
        } else {
            shape.insert(.hasLetter)
            if letter == .upper { shape.insert(.firstUpper) }
            if letter == .uncased { shape.insert(.firstUncased) }
        }
        if letter == .lower { shape.insert(.hasLower) }
    }

    @inline(__always)
    mutating func add(_ byte: UInt8, letter: FoldUnit.Letter, from start: Int, _ scalar: Int32, to end: Int) {
        if !open { begin(at: start, scalar) }
        if length < Scanner.maxTokenBytes { buffer[length] = byte; length += 1 } else { overflow = true }
        hash = TokenHash.add(hash, byte)
        noteLetter(letter)
        byteEnd = end
        scalarEnd = scalar + 1
    }

    mutating func apply<R: TokenResolver>(_ unit: PackedUnit, bytes: UnsafePointer<UInt8>, from start: Int,
                                          _ scalar: Int32, to end: Int, _ resolver: inout R,
                                          _ tokens: inout [ScannedToken]) {
        switch unit.kind {
        case .ignorable:
            // Inside a word it is part of the original text: exact mode must see a non-ASCII span.
            if open { shape.insert(.nonASCII) }
        case .separator:
            finish(&resolver, &tokens)
        case .lineBreak:
            finish(&resolver, &tokens)
            lineBreak(&tokens)
        case .tokenChar, .singleToken:
            if unit.kind == .singleToken { finish(&resolver, &tokens) }
            if !open { begin(at: start, scalar) }
            for offset in 0..<Int(unit.byteCount) {
                let byte = bytes[offset]
                if length < Scanner.maxTokenBytes { buffer[length] = byte; length += 1 } else { overflow = true }
                hash = TokenHash.add(hash, byte)
            }
            noteLetter(unit.letter)
            shape.insert(.nonASCII)
            byteEnd = end
            scalarEnd = scalar + 1
            if unit.kind == .singleToken { finish(&resolver, &tokens) }
        }
    }

    @inline(__always)
    mutating func finish<R: TokenResolver>(_ resolver: inout R, _ tokens: inout [ScannedToken]) {
        guard open else { return }
        open = false
        // A run of marks alone folds to nothing: no word to match.
        guard length > 0 else { return }
        let id = overflow ? ScannedToken.unknownID
            : resolver.resolve(UnsafeBufferPointer(start: buffer, count: length), hash: hash)
        tokens.append(ScannedToken(id: id, shape: shape, byteStart: Int32(truncatingIfNeeded: byteStart),
                                   byteEnd: Int32(truncatingIfNeeded: byteEnd),
                                   scalarStart: scalarStart, scalarEnd: scalarEnd))
    }

    mutating func lineBreak(_ tokens: inout [ScannedToken]) {
        guard let last = tokens.last, last.id != ScannedToken.breakID else { return }
        tokens.append(ScannedToken(id: ScannedToken.breakID, shape: [], byteStart: 0, byteEnd: 0,
                                   scalarStart: 0, scalarEnd: 0))
    }
}
