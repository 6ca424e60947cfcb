/// Why an archive could not be read; the cache treats any of these as a miss.
public struct ArchiveError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Reads what `ArchiveWriter` wrote, streaming it from a source through a small window: plain
/// arrays are read straight into their final storage, so loading a 30 MB archive needs no 30 MB
/// buffer. Every length is checked against what is left, and the checksum at the end against
/// the bytes read, so a truncated or damaged archive is an error, never a read out of bounds.
public struct ArchiveReader {
    /// Fills the buffer from the start with the next bytes; returns how many (0 at the end,
    /// negative on an error).
    public typealias Source = (UnsafeMutableRawBufferPointer) -> Int

    private let source: Source
    private var window: [UInt8]
    private var position = 0
    private var filled = 0
    /// Bytes of the archive not yet pulled from the source, the checksum excluded.
    private var unread: Int
    private var hasher = ContentHasher()
    private static let windowSize = 1 << 20

    /// Runs `body` over an archive of `size` bytes (checksum included) and fails unless it read
    /// everything before the checksum and the checksum matches.
    public static func read<Result>(size: Int, from source: @escaping Source,
                                    _ body: (inout ArchiveReader) throws(ArchiveError) -> Result) throws(ArchiveError) -> Result {
        guard size >= 8 else { throw ArchiveError("only \(size) bytes") }
        var reader = ArchiveReader(source: source, payload: size - 8)
        let value = try body(&reader)
        guard reader.remaining == 0 else { throw ArchiveError("\(reader.remaining) bytes left over") }
        var checksum: UInt64 = 0
        try withUnsafeMutableBytes(of: &checksum) { target throws(ArchiveError) in try reader.pull(into: target) }
        guard UInt64(littleEndian: checksum) == reader.hasher.finish() else { throw ArchiveError("checksum differs: damaged") }
        return value
    }

    /// `read` over bytes in memory (tests).
    public static func read<Result>(_ bytes: [UInt8],
                                    _ body: (inout ArchiveReader) throws(ArchiveError) -> Result) throws(ArchiveError) -> Result {
        var offset = 0
        return try read(size: bytes.count, from: { target in
            let count = min(target.count, bytes.count - offset)
            bytes.withUnsafeBytes { source in
                if let from = source.baseAddress { target.baseAddress?.copyMemory(from: from + offset, byteCount: count) }
            }
            offset += count
            return count
        }, body)
    }

    private init(source: @escaping Source, payload: Int) {
        self.source = source
        unread = payload
        window = [UInt8](repeating: 0, count: min(Self.windowSize, payload))
    }

    /// Bytes of the archive before the checksum not yet consumed.
    private var remaining: Int { filled - position + unread }

    public mutating func int() throws(ArchiveError) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 64 {
            let byte = try byte()
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return Int(Int64(bitPattern: value)) }
            shift += 7
        }
        throw ArchiveError("number too long")
    }

    /// A count or length: not negative, and at most what `unit`-byte elements the rest can hold.
    public mutating func count(unit: Int = 1) throws(ArchiveError) -> Int {
        let value = try int()
        guard value >= 0, value <= remaining / max(unit, 1) else {
            throw ArchiveError("length \(value) runs past the end")
        }
        return value
    }

    public mutating func byte() throws(ArchiveError) -> UInt8 {
        if position == filled { try refill() }
        defer { position += 1 }
        return window[position]
    }

    public mutating func string() throws(ArchiveError) -> String {
        let length = try count()
        if length <= window.count {
            if filled - position < length { try refill(keeping: length) }
            defer { position += length }
            return window.withUnsafeBytes { String(decoding: $0[position..<(position + length)], as: UTF8.self) }
        }
        return String(decoding: try plainBytes(length), as: UTF8.self)
    }

    public mutating func strings() throws(ArchiveError) -> [String] {
        let total = try count()
        var values: [String] = []
        values.reserveCapacity(total)
        for _ in 0..<total { values.append(try string()) }
        return values
    }

    public mutating func raw() throws(ArchiveError) -> [UInt8] {
        try plainBytes(try count())
    }

    /// One of `T.allCases`, stored as its index.
    mutating func choice<T: CaseIterable>(_: T.Type) throws(ArchiveError) -> T where T.AllCases: RandomAccessCollection, T.AllCases.Index == Int {
        let index = Int(try byte())
        guard index < T.allCases.count else { throw ArchiveError("no \(T.self) number \(index)") }
        return T.allCases[index]
    }

    mutating func plain<Element: BitwiseCopyable>(_: Element.Type = Element.self) throws(ArchiveError) -> [Element] {
        let total = try count(unit: MemoryLayout<Element>.stride)
        var failure: ArchiveError?
        let values = [Element](unsafeUninitializedCapacity: total) { storage, initialized in
            do throws(ArchiveError) {
                try copy(into: UnsafeMutableRawBufferPointer(storage))
                initialized = total
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return values
    }

    mutating func frozen<Element: BitwiseCopyable>(_: Element.Type = Element.self) throws(ArchiveError) -> FrozenArray<Element> {
        let total = try count(unit: MemoryLayout<Element>.stride)
        let values = FrozenArray<Element>(uninitializedCount: total)
        try copy(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(start: values.base, count: total)))
        return values
    }

    private mutating func plainBytes(_ length: Int) throws(ArchiveError) -> [UInt8] {
        var failure: ArchiveError?
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { storage, initialized in
            do throws(ArchiveError) {
                try copy(into: UnsafeMutableRawBufferPointer(storage))
                initialized = length
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fills `target` with the next bytes: first what the window holds, the rest straight from
    /// the source.
    private mutating func copy(into target: UnsafeMutableRawBufferPointer) throws(ArchiveError) {
        let fromWindow = min(filled - position, target.count)
        window.withUnsafeBytes { bytes in
            if let from = bytes.baseAddress { target.baseAddress?.copyMemory(from: from + position, byteCount: fromWindow) }
        }
        position += fromWindow
        guard fromWindow < target.count else { return }
        try pull(into: UnsafeMutableRawBufferPointer(rebasing: target[fromWindow...]))
    }

    /// Reads exactly `target.count` bytes from the source, hashing those before the checksum.
    private mutating func pull(into target: UnsafeMutableRawBufferPointer) throws(ArchiveError) {
        var done = 0
        while done < target.count {
            let got = source(UnsafeMutableRawBufferPointer(rebasing: target[done...]))
            guard got > 0 else { throw ArchiveError(got == 0 ? "cut off" : "read error") }
            done += got
        }
        let hashed = min(done, max(unread, 0))
        hasher.update(UnsafeRawBufferPointer(rebasing: target[..<hashed]))
        unread -= done
    }

    /// Moves what is left of the window to its start (at least `keeping` bytes wanted) and fills
    /// the rest from the source.
    private mutating func refill(keeping wanted: Int = 1) throws(ArchiveError) {
        let left = filled - position
        let want = min(window.count - left, unread)
        guard left + want >= wanted, want > 0 else { throw ArchiveError("cut off") }
        var failure: ArchiveError?
        var storage: [UInt8] = []
        swap(&storage, &window)  // so that `pull` may change the reader while the window is borrowed
        storage.withUnsafeMutableBytes { bytes in
            if left > 0, position > 0, let base = bytes.baseAddress { base.copyMemory(from: base + position, byteCount: left) }
            do throws(ArchiveError) {
                try pull(into: UnsafeMutableRawBufferPointer(rebasing: bytes[left..<(left + want)]))
            } catch {
                failure = error
            }
        }
        swap(&storage, &window)
        if let failure { throw failure }
        position = 0
        filled = left + want
    }
}
