#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libxml2 2.9.14 checks an element's attributes (and namespace declarations) for duplicates
/// pairwise, so one tag with 100,000 attributes takes seconds. No feed needs more than a handful,
/// so documents with a tag carrying more than `limit` are refused before libxml2 sees them.
///
/// Only tags longer than `limit * 4` bytes (the shortest attribute is `a=""`) can exceed the
/// limit, so the scan jumps from `<` to `>` with `memchr` and counts `=` only inside long tags.
enum AttributeBombScan {
    static let limit = 256

    /// A description of the offending tag, or nil when every tag is within the limit.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        let end = base + bytes.count
        var cursor = base
        while cursor < end {
            guard let open = memchr(cursor, Int32(UInt8(ascii: "<")), end - cursor) else { return nil }
            let tagStart = UnsafePointer(open.assumingMemoryBound(to: UInt8.self))
            let afterOpen = tagStart + 1
            guard let close = memchr(afterOpen, Int32(UInt8(ascii: ">")), end - afterOpen) else { return nil }
            let tagEnd = UnsafePointer(close.assumingMemoryBound(to: UInt8.self))
            if tagEnd - tagStart > limit * 4 {
                let attributes = UnsafeBufferPointer(start: tagStart, count: tagEnd - tagStart)
                    .reduce(0) { $0 + ($1 == UInt8(ascii: "=") ? 1 : 0) }
                if attributes > limit {
                    return "an element with more than \(limit) attributes (at byte \(tagStart - base))"
                }
            }
            cursor = tagEnd + 1
        }
        return nil
    }
}
