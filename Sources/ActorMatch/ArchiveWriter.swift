/// Writes the compiled form of a watchlist and its matcher (`watchlistHead`, `actors`,
/// `Matcher.archiveIndex`) so that a later start can load it instead of reading the YAML and
/// building the index again.
///
/// Numbers are LEB128 varints and plain arrays are stored as their memory image, aligned, so a
/// reader over a mapped file uses them in place. Bytes stream to a sink through a small buffer
/// (the archive of a 100,000-actor watchlist is about 30 MB, never held whole), and `finish` ends
/// the stream with a checksum of all of it. The format is private to one build of feedwatch: whoever stores it must key it by
/// the binary (`CompiledWatchlistCache` does), and a reader checks only bounds and the checksum.
public struct ArchiveWriter {
    /// Takes the next bytes of the archive; a sink that cannot write them keeps the failure itself.
    public typealias Sink = (UnsafeRawBufferPointer) -> Void

    private var buffer: [UInt8] = []
    private var hasher = ContentHasher()
    /// Bytes written so far, buffered ones included.
    private var offset = 0
    /// Plain arrays start at a multiple of this from the archive's start; an archive that itself
    /// starts at such an offset of a mapped file can then be used in place.
    public static let alignment = 16
    private let sink: Sink
    private static let flushSize = 1 << 20

    public init(sink: @escaping Sink) {
        self.sink = sink
        buffer.reserveCapacity(Self.flushSize + 64)
    }

    /// An archive in memory, for tests and for keys.
    public static func bytes(_ body: (inout ArchiveWriter) -> Void) -> [UInt8] {
        let collected = Collected()
        var writer = ArchiveWriter { collected.bytes.append(contentsOf: $0) }
        body(&writer)
        writer.flush()
        return collected.bytes
    }

    private final class Collected {
        var bytes: [UInt8] = []
    }

    public mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value))
        while rest >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            offset += 1
            rest >>= 7
        }
        buffer.append(UInt8(rest))
        offset += 1
        if buffer.count >= Self.flushSize { flush() }
    }

    public mutating func byte(_ value: UInt8) {
        buffer.append(value)
        offset += 1
        if buffer.count >= Self.flushSize { flush() }
    }

    public mutating func string(_ value: String) {
        int(value.utf8.count)
        var copy = value
        copy.withUTF8 { put(UnsafeRawBufferPointer($0)) }
    }

    public mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }

    public mutating func raw(_ values: [UInt8]) {
        int(values.count)
        values.withUnsafeBytes { put($0) }
    }

    /// Ends the archive: everything buffered, then the checksum of all bytes before it.
    public mutating func finish() {
        flush()
        withUnsafeBytes(of: hasher.finish().littleEndian) { checksum in
            sink(checksum)
        }
    }

    /// One of `T.allCases`, stored as its index.
    mutating func choice<T: CaseIterable & Equatable>(_ value: T) {
        let index = T.allCases.firstIndex(of: value).map { T.allCases.distance(from: T.allCases.startIndex, to: $0) }
        byte(UInt8(truncatingIfNeeded: index ?? 0))
    }

    mutating func plain<Element: BitwiseCopyable>(_ values: [Element]) {
        int(values.count)
        align()
        values.withUnsafeBytes { put($0) }
    }

    mutating func plain<Element: BitwiseCopyable>(_ values: FrozenArray<Element>) {
        int(values.count)
        align()
        put(UnsafeRawBufferPointer(UnsafeBufferPointer(start: values.base, count: values.count)))
    }

    private mutating func align() {
        while offset % Self.alignment != 0 { byte(0) }
    }

    private mutating func put(_ bytes: UnsafeRawBufferPointer) {
        offset += bytes.count
        if bytes.count >= Self.flushSize {
            flush()
            emit(bytes)
        } else {
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.flushSize { flush() }
        }
    }

    private mutating func flush() {
        guard !buffer.isEmpty else { return }
        var pending: [UInt8] = []
        swap(&pending, &buffer)  // the buffer's storage is reused, not copied
        pending.withUnsafeBytes { emit($0) }
        pending.removeAll(keepingCapacity: true)
        swap(&pending, &buffer)
    }

    private mutating func emit(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bytes)
        sink(bytes)
    }
}
