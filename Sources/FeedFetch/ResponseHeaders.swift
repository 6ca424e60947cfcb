/// The few response headers the fetcher acts on, collected line by line from libcurl's header
/// callback. A redirect chain produces one header block per hop; only the last block describes
/// the body, while the list of statuses tells whether every hop was permanent.
struct ResponseHeaders {
    /// Final (non-1xx) status of every response seen, in order.
    private(set) var statuses: [Int] = []
    private(set) var etag: String?
    private(set) var lastModified: String?
    private(set) var cacheControl: String?

    /// Returns true when the line starts a new final response, whose body replaces any earlier one.
    @discardableResult
    mutating func consume(line raw: String) -> Bool {
        let line = raw.trimmingSpaces
        if line.hasPrefix("HTTP/") {
            let fields = line.split(separator: " ", maxSplits: 2)
            guard fields.count >= 2, let code = Int(fields[1]), code >= 200 else { return false }
            statuses.append(code)
            etag = nil
            lastModified = nil
            cacheControl = nil
            return true
        }
        guard let colon = line.firstIndex(of: ":") else { return false }
        let name = line[..<colon].lowercased()
        let value = String(line[line.index(after: colon)...]).trimmingSpaces
        switch name {
        case "etag": etag = value
        case "last-modified": lastModified = value
        case "cache-control": cacheControl = cacheControl.map { "\($0), \(value)" } ?? value
        default: break
        }
        return false
    }

    var validators: Validators {
        Validators(etag: etag, lastModified: lastModified).sanitized
    }

    /// `max-age` of the last response, unless it also forbids caching.
    var maxAge: Duration? { cacheControl.flatMap(Self.maxAge(cacheControl:)) }

    /// The final URL when the chain to it was made only of 301/308 hops.
    func permanentRedirect(to effectiveURL: String) -> String? {
        guard statuses.count >= 2 else { return nil }
        return statuses.dropLast().allSatisfy { $0 == 301 || $0 == 308 } ? effectiveURL : nil
    }

    static func maxAge(cacheControl: String) -> Duration? {
        var seconds: Int?
        for directive in cacheControl.split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces.lowercased() }
            switch parts.first {
            case "no-store", "no-cache": return nil
            case "max-age" where parts.count == 2:
                let digits = parts[1].trimmingCharacters(in: "\"")
                if let value = Int(digits), value >= 0 { seconds = value }
            default: continue
            }
        }
        return seconds.map { .seconds($0) }
    }

    /// The `charset` parameter of a `Content-Type` value, unquoted.
    static func charset(contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, parts[0].lowercased() == "charset" else { continue }
            let value = parts[1].trimmingCharacters(in: "\"'")
            return value.isEmpty ? nil : value
        }
        return nil
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop: (Character) -> Bool = { set.contains($0) }
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
