/// A fixed array of plain values in raw storage. The matcher's hot loops read through these so a
/// lookup costs a load, not a bounds check plus reference counting. Immutable after `init`, freed
/// in `deinit`, so sharing one between threads is safe.
final class FrozenArray<Element: BitwiseCopyable>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: max(elements.count, 1))
        base.initialize(from: elements, count: elements.count)
    }

    /// Filled in place, element by element: no intermediate array, which for the matcher's
    /// largest tables would be megabytes held twice at the build's peak.
    init(count: Int, _ element: (Int) -> Element) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        for index in 0..<count { (base + index).initialize(to: element(index)) }
    }

    /// Storage for `count` elements that the caller fills before any read (an archive's reader).
    init(uninitializedCount count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
    }

    deinit { base.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Element { base[index] }
}
