import FoundationEssentials

/// Resolves relative item and feed links (RFC 3986) against `xml:base`, the feed's link and the
/// document URL. Absolute links are returned untouched without building a `URL`.
enum LinkResolver {
    static func resolve(_ reference: String, against base: String?) -> String {
        let reference = reference.trimmingASCIIWhitespace()
        guard let base, !base.isEmpty, !isAbsolute(reference),
              let baseURL = URL(string: base),
              let resolved = URL(string: reference, relativeTo: baseURL) else { return reference }
        return resolved.absoluteString
    }

    /// Resolves against each base in turn until the link is absolute.
    static func resolve(_ reference: String, againstFirstOf bases: [String?]) -> String {
        var link = reference.trimmingASCIIWhitespace()
        for base in bases where !isAbsolute(link) {
            link = resolve(link, against: base)
        }
        return link
    }

    /// Whether the string starts with a URI scheme (`http:`, `mailto:`, `tag:` ...).
    static func isAbsolute(_ link: String) -> Bool {
        var sawLetter = false
        for byte in link.utf8 {
            if byte == UInt8(ascii: ":") { return sawLetter }
            if isLetter(byte) {
                sawLetter = true
            } else if !(sawLetter && (isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                            || byte == UInt8(ascii: "."))) {
                return false
            }
        }
        return false
    }

    /// Whether a guid can stand in for a missing link.
    static func isWebURL(_ link: String) -> Bool {
        let lower = link.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }
}
