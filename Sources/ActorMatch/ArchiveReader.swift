/// Why an archive could not be read; the cache treats any of these as a miss.
public struct ArchiveError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Reads what `ArchiveWriter` wrote, from memory: usually a memory-mapped cache file, whose plain
/// arrays the index then uses where they lie (`frozen`) instead of copying them.
///
/// The checksum at the end is verified before anything is decoded, and every length is checked
/// against what is left, so a damaged or cut archive is an error, never a read out of bounds.
public struct ArchiveReader {
    private let buffer: UnsafeRawBufferPointer
    private var position = 0
    /// Keeps `buffer` valid and unchanged for arrays used in place; nil when they must be copied.
    private let owner: (any AnyObject & Sendable)?

    /// Runs `body` over `bytes` (an archive with its checksum at the end) once the checksum is
    /// verified, and fails unless `body` reads everything. With an `owner`, plain arrays may
    /// point into `bytes` for as long as they live.
    public static func read<Result>(_ bytes: UnsafeRawBufferPointer, owner: (any AnyObject & Sendable)?,
                                    _ body: (inout ArchiveReader) throws(ArchiveError) -> Result) throws(ArchiveError) -> Result {
        guard bytes.count >= 8 else { throw ArchiveError("only \(bytes.count) bytes") }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 8)])
        let stored = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
        guard UInt64(littleEndian: stored) == ContentHash.of(payload) else { throw ArchiveError("checksum differs: damaged") }
        var reader = ArchiveReader(buffer: payload, owner: owner)
        let value = try body(&reader)
        guard reader.position == payload.count else { throw ArchiveError("\(payload.count - reader.position) bytes left over") }
        return value
    }

    /// `read` over bytes in an array (tests): every array is copied.
    public static func read<Result>(_ bytes: [UInt8],
                                    _ body: (inout ArchiveReader) throws(ArchiveError) -> Result) throws(ArchiveError) -> Result {
        let outcome = bytes.withUnsafeBytes { buffer -> Swift.Result<Result, ArchiveError> in
            do throws(ArchiveError) {
                return .success(try read(buffer, owner: nil, body))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private init(buffer: UnsafeRawBufferPointer, owner: (any AnyObject & Sendable)?) {
        self.buffer = buffer
        self.owner = owner
    }

    public mutating func int() throws(ArchiveError) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < buffer.count, shift < 64 {
            let byte = buffer[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return Int(Int64(bitPattern: value)) }
            shift += 7
        }
        throw ArchiveError("number cut off at byte \(position)")
    }

    /// A count or length: not negative, and at most what `unit`-byte elements the rest can hold.
    public mutating func count(unit: Int = 1) throws(ArchiveError) -> Int {
        let value = try int()
        guard value >= 0, value <= (buffer.count - position) / max(unit, 1) else {
            throw ArchiveError("length \(value) at byte \(position) runs past the end")
        }
        return value
    }

    public mutating func byte() throws(ArchiveError) -> UInt8 {
        guard position < buffer.count else { throw ArchiveError("cut off at byte \(position)") }
        defer { position += 1 }
        return buffer[position]
    }

    public mutating func string() throws(ArchiveError) -> String {
        let length = try count()
        defer { position += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[position..<(position + length)]), as: UTF8.self)
    }

    public mutating func strings() throws(ArchiveError) -> [String] {
        let total = try count()
        guard total > 0 else { return [] }
        var values: [String] = []
        values.reserveCapacity(total)
        for _ in 0..<total { values.append(try string()) }
        return values
    }

    public mutating func raw() throws(ArchiveError) -> [UInt8] {
        let length = try count()
        defer { position += length }
        return Array(buffer[position..<(position + length)])
    }

    /// One of `T.allCases`, stored as its index.
    mutating func choice<T: CaseIterable>(_: T.Type) throws(ArchiveError) -> T where T.AllCases: RandomAccessCollection, T.AllCases.Index == Int {
        let index = Int(try byte())
        guard index < T.allCases.count else { throw ArchiveError("no \(T.self) number \(index)") }
        return T.allCases[index]
    }

    mutating func plain<Element: BitwiseCopyable>(_: Element.Type = Element.self) throws(ArchiveError) -> [Element] {
        let (start, total) = try plainRange(Element.self)
        return [Element](unsafeUninitializedCapacity: total) { storage, initialized in
            if let target = storage.baseAddress, let source = buffer.baseAddress {
                UnsafeMutableRawPointer(target).copyMemory(from: source + start, byteCount: total * MemoryLayout<Element>.stride)
            }
            initialized = total
        }
    }

    /// A plain array where it lies when the memory is owned and suitably aligned; a copy otherwise.
    mutating func frozen<Element: BitwiseCopyable>(_: Element.Type = Element.self) throws(ArchiveError) -> FrozenArray<Element> {
        let (start, total) = try plainRange(Element.self)
        guard let base = buffer.baseAddress else { return FrozenArray([]) }
        let source = UnsafeRawPointer(base + start)
        if let owner, Int(bitPattern: source) % MemoryLayout<Element>.alignment == 0 {
            return FrozenArray(count: total, borrowing: source, owner: owner)
        }
        return FrozenArray(count: total, copying: source)
    }

    /// Where a plain array's elements start and how many there are: the count, then padding up to
    /// `ArchiveWriter.alignment`, then the elements.
    private mutating func plainRange<Element: BitwiseCopyable>(_: Element.Type) throws(ArchiveError) -> (Int, Int) {
        let total = try int()
        let start = (position + ArchiveWriter.alignment - 1) / ArchiveWriter.alignment * ArchiveWriter.alignment
        let stride = MemoryLayout<Element>.stride
        guard total >= 0, start <= buffer.count, total <= (buffer.count - start) / max(stride, 1) else {
            throw ArchiveError("array of \(total) at byte \(position) runs past the end")
        }
        position = start + total * stride
        return (start, total)
    }
}
