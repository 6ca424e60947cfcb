/// The token being built by `Scanner`: folded bytes, span and shape, plus what the last emitted
/// token was (runs of unknown words and line breaks collapse into one gap token).
struct TokenState {
    let buffer: UnsafeMutablePointer<UInt8>
    var length = 0
    var overflow = false
    var open = false
    var shape: ScannedToken.Shape = []
    var byteStart = 0, byteEnd = 0
    var scalarStart: Int32 = 0, scalarEnd: Int32 = 0
    /// Kind of the last token in the output: none yet, a known word, or a gap.
    private(set) var last: Last

    enum Last { case none, known, gap }

    init(buffer: UnsafeMutablePointer<UInt8>, after previous: ScannedToken?) {
        self.buffer = buffer
        last = previous.map { $0.id < 0 ? .gap : .known } ?? .none
    }

    @inline(__always)
    mutating func begin(at byte: Int, _ scalar: Int32) {
        open = true
        length = 0
        overflow = false
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

    /// Consumes ASCII letters and digits from `start` into the open (or a new) token; returns the
    /// index after the run.
    @inline(__always)
    mutating func addASCIIRun(_ base: UnsafePointer<UInt8>, from start: Int, count: Int, scalar: Int32) -> Int {
        if !open { begin(at: start, scalar) }
        var index = start
        var length = self.length
        var sawLower = false
        var letters = 0
        var firstIsUpper = false
        let limit = Scanner.maxTokenBytes
        while index < count {
            let byte = base[index]
            let isUpper = byte &- 0x41 < 26
            let isLower = byte &- 0x61 < 26
            guard isUpper || isLower || byte &- 0x30 < 10 else { break }
            if length < limit { buffer[length] = isUpper ? byte | 0x20 : byte }
            length += 1
            if isUpper || isLower {
                if letters == 0 { firstIsUpper = isUpper }
                letters += 1
            }
            sawLower = sawLower || isLower
            index += 1
        }
        if length > limit { overflow = true; length = limit }
        self.length = length
        if letters > 0 {
            if !shape.contains(.hasLetter) {
                shape.insert(.hasLetter)
                if firstIsUpper { shape.insert(.firstUpper) }
                if letters > 1 { shape.insert(.multiLetter) }
            } else {
                shape.insert(.multiLetter)
            }
            if sawLower { shape.insert(.hasLower) }
        }
        byteEnd = index
        scalarEnd = scalar + Int32(truncatingIfNeeded: index - start)
        return index
    }

    /// A letter or mark from `TwoByteFold`: what `apply` does for a single `tokenChar` unit.
    /// Returns false, changing nothing, when the token is too close to the length limit.
    @inline(__always)
    mutating func addTwoByte(_ entry: TwoByteFold, at start: Int, _ scalar: Int32) -> Bool {
        if open {
            guard length + 4 <= Scanner.maxTokenBytes else { return false }
        } else {
            begin(at: start, scalar)
        }
        UnsafeMutableRawPointer(buffer + length).storeBytes(of: entry.folded.littleEndian, as: UInt32.self)
        length += entry.byteCount
        noteLetter(entry.letter)
        shape.insert(.nonASCII)
        byteEnd = start + 2
        scalarEnd = scalar + 1
        return true
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
                if length < Scanner.maxTokenBytes { buffer[length] = bytes[offset]; length += 1 } else { overflow = true }
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
            : resolver.resolve(UnsafeBufferPointer(start: buffer, count: length))
        emit(id, shape, byteStart, byteEnd, scalarStart, scalarEnd, &tokens, reading: resolver.reading)
    }

    /// Words no alias uses only separate phrases; a run of them (or of line breaks) is kept as one
    /// gap, so the trie walk never visits most of the text.
    @inline(__always)
    mutating func emit(_ id: Int32, _ shape: ScannedToken.Shape, _ byteStart: Int, _ byteEnd: Int,
                               _ scalarStart: Int32, _ scalarEnd: Int32, _ tokens: inout [ScannedToken],
                               reading: UInt16 = 0) {
        if id < 0 {
            if last == .gap { return }
            last = .gap
        } else {
            last = .known
        }
        tokens.append(ScannedToken(id: id, shape: shape, byteStart: Int32(truncatingIfNeeded: byteStart),
                                   byteEnd: Int32(truncatingIfNeeded: byteEnd),
                                   scalarStart: scalarStart, scalarEnd: scalarEnd, reading: id < 0 ? 0 : reading))
    }

    mutating func lineBreak(_ tokens: inout [ScannedToken]) {
        guard last == .known else { return }
        last = .gap
        tokens.append(ScannedToken(id: ScannedToken.breakID, shape: [], byteStart: 0, byteEnd: 0,
                                   scalarStart: 0, scalarEnd: 0))
    }
}
