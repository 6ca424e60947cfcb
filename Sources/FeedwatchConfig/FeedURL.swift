/// Checks and normalises feed URLs as written in the config, without fetching anything.
public enum FeedURL {
    public enum Verdict: Equatable, Sendable {
        case valid
        /// Well-formed but not a scheme the fetcher speaks (a warning, not an error).
        case unusualScheme(String)
        case invalid(String)
    }

    public static func check(_ url: String) -> Verdict {
        guard let separator = url.firstRange(of: "://") else {
            return .invalid("is not an absolute URL (expected http://, https:// or file://)")
        }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard let first = scheme.unicodeScalars.first, first.properties.isAlphabetic,
              scheme.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || "0123456789+.-".unicodeScalars.contains($0)) })
        else { return .invalid("has an invalid scheme '\(scheme)'") }
        if url.contains(where: { $0.isWhitespace }) {
            return .invalid("contains spaces (write them as %20)")
        }
        let rest = url[separator.upperBound...]
        switch scheme {
        case "http", "https":
            let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if host.isEmpty || host.hasPrefix(":") { return .invalid("has no host name") }
            return .valid
        case "file":
            return rest.hasPrefix("/") ? .valid : .invalid("must name an absolute path (file:///path/to/feed.xml)")
        default:
            return .unusualScheme(scheme)
        }
    }

    /// What makes two URLs the same feed: scheme and host are case-insensitive, the rest is not.
    public static func identity(_ url: String) -> String {
        guard let separator = url.firstRange(of: "://") else { return url }
        let rest = url[separator.upperBound...]
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let prefix: String = url[..<separator.upperBound].lowercased()
        let host: String = rest[..<hostEnd].lowercased()
        return prefix + host + String(rest[hostEnd...])
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
