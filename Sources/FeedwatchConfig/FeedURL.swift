/// Checks and normalises feed URLs as written in the config, without fetching anything.
public enum FeedURL {
    public enum Verdict: Equatable, Sendable {
        case valid
        /// Well-formed but not a scheme the fetcher speaks (a warning, not an error).
        case unusualScheme(String)
        case invalid(String)
    }

    /// Works on the UTF-8 bytes, in place: a config of 50,000 feeds checks every URL at each
    /// start, and Character-by-Character scanning (then a copy of each URL) made that a
    /// measurable part of it.
    public static func check(_ url: String) -> Verdict {
        withBytes(of: url) { check(url, $0) }
    }

    private static func check(_ url: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
        guard let separator = schemeSeparator(bytes) else {
            return .invalid("is not an absolute URL (expected http://, https:// or file://)")
        }
        let schemeBytes = bytes[..<separator].map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }
        let scheme = String(decoding: schemeBytes, as: UTF8.self)
        guard let first = schemeBytes.first, first &- 0x61 < 26,
              schemeBytes.allSatisfy({ $0 &- 0x61 < 26 || $0 &- 0x30 < 10 || $0 == 0x2B || $0 == 0x2E || $0 == 0x2D })
        else { return .invalid("has an invalid scheme '\(String(decoding: bytes[..<separator], as: UTF8.self).lowercased())'") }
        if containsWhitespace(url, bytes) {
            return .invalid("contains spaces (write them as %20)")
        }
        let rest = bytes[(separator + 3)...]
        switch scheme {
        case "http", "https":
            let hostEnd = rest.firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? rest.endIndex
            if hostEnd == rest.startIndex || rest.first == 0x3A { return .invalid("has no host name") }
            return .valid
        case "file":
            return rest.first == 0x2F ? .valid : .invalid("must name an absolute path (file:///path/to/feed.xml)")
        default:
            return .unusualScheme(scheme)
        }
    }

    /// What makes two URLs the same feed: scheme and host are case-insensitive, the rest is not.
    public static func identity(_ url: String) -> String {
        withBytes(of: url) { identity(url, $0) }
    }

    private static func identity(_ url: String, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let separator = schemeSeparator(bytes) else { return url }
        let restStart = separator + 3
        let hostEnd = bytes[restStart...].firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? bytes.endIndex
        // Lower-cased as `String.lowercased()` would: ASCII in place, anything else through it.
        if bytes[..<hostEnd].allSatisfy({ $0 < 0x80 }) {
            // Usually there is nothing to lower: the URL is its own identity, with no copy made.
            if !bytes[..<hostEnd].contains(where: { $0 &- 0x41 < 26 }) { return url }
            var folded = Array(bytes)
            for index in 0..<hostEnd where folded[index] &- 0x41 < 26 { folded[index] |= 0x20 }
            return String(decoding: folded, as: UTF8.self)
        }
        return String(decoding: bytes[..<restStart], as: UTF8.self).lowercased()
            + String(decoding: bytes[restStart..<hostEnd], as: UTF8.self).lowercased()
            + String(decoding: bytes[hostEnd...], as: UTF8.self)
    }

    /// `body` on the string's UTF-8 where it lies, or on a copy for a string stored otherwise.
    private static func withBytes<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// The offset of the first `://`.
    private static func schemeSeparator(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 3 else { return nil }
        for index in 0...(bytes.count - 3) where bytes[index] == 0x3A && bytes[index + 1] == 0x2F && bytes[index + 2] == 0x2F {
            return index
        }
        return nil
    }

    /// Any Unicode white space (what `Character.isWhitespace` means), ASCII checked byte by byte
    /// in one pass.
    private static func containsWhitespace(_ url: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes {
            if byte >= 0x80 { return url.unicodeScalars.contains { $0.properties.isWhitespace } }
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return true }
        }
        return false
    }

    /// `file://` URL for an absolute path, percent-encoding what a URL cannot hold.
    public static func fileURL(path: String) -> String {
        var encoded = "file://"
        for byte in path.utf8 {
            let safe = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || "/-._~!$&'()*+,;=:@".utf8.contains(byte)
            if safe {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                encoded += "%"
                encoded.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                encoded.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return encoded
    }
}
