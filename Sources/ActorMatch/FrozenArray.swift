/// A fixed array of plain values in raw storage. The matcher's hot loops read through these so a
/// lookup costs a load, not a bounds check plus reference counting. Immutable after `init`, freed
/// in `deinit`, so sharing one between threads is safe.
///
/// The storage is either its own or borrowed from a memory-mapped compiled watchlist (`owner`,
/// kept alive as long as the array), which a start then uses where it lies instead of copying.
final class FrozenArray<Element: BitwiseCopyable>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int
    private let owner: (any AnyObject & Sendable)?

    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: max(elements.count, 1))
        base.initialize(from: elements, count: elements.count)
        owner = nil
    }

    /// Filled in place, element by element: no intermediate array, which for the matcher's
    /// largest tables would be megabytes held twice at the build's peak.
    init(count: Int, _ element: (Int) -> Element) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        for index in 0..<count { (base + index).initialize(to: element(index)) }
        owner = nil
    }

    /// A copy of `count` elements stored at `source` (any alignment).
    init(count: Int, copying source: UnsafeRawPointer) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        UnsafeMutableRawPointer(base).copyMemory(from: source, byteCount: count * MemoryLayout<Element>.stride)
        owner = nil
    }

    /// The `count` elements at `source`, suitably aligned, in memory that `owner` keeps valid and
    /// unchanged; never written through.
    init(count: Int, borrowing source: UnsafeRawPointer, owner: any AnyObject & Sendable) {
        self.count = count
        base = UnsafeMutablePointer(mutating: source.assumingMemoryBound(to: Element.self))
        self.owner = owner
    }

    deinit {
        if owner == nil { base.deallocate() }
    }

    @inline(__always)
    subscript(index: Int) -> Element { base[index] }
}
