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
        var copy = raw
        return copy.withUTF8 { consume(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The same on the callback's bytes: lines the fetcher does not act on (most of them) are
    /// turned away by their first bytes, without building a String — at 10,000 feeds a pass
    /// reads about 100,000 header lines.
    mutating func consume(bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first else { return false }
        let lower = first | 0x20
        // "HTTP/…", "etag:", "last-modified:", "cache-control:" (names are case-insensitive).
        guard first == UInt8(ascii: "H") || lower == UInt8(ascii: "e") || lower == UInt8(ascii: "l")
                || lower == UInt8(ascii: "c") else { return false }
        if first == UInt8(ascii: "H"), Self.startsWith(bytes, "HTTP/") {
            return consumeStatus(code: Self.statusCode(bytes))
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let name = UnsafeRawBufferPointer(rebasing: bytes[..<colon])
        var value: String { String(decoding: trimmingHeaderSpaces(bytes[(colon + 1)...]), as: UTF8.self) }
        if Self.equalsLowercased(name, "etag") {
            etag = value
        } else if Self.equalsLowercased(name, "last-modified") {
            lastModified = value
        } else if Self.equalsLowercased(name, "cache-control") {
            let directives = value
            cacheControl = cacheControl.map { "\($0), \(directives)" } ?? directives
        }
        return false
    }

    private static func startsWith(_ bytes: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        for offset in 0..<prefix.utf8CodeUnitCount where bytes[offset] != prefix.utf8Start[offset] { return false }
        return true
    }

    /// `bytes`, ASCII-lower-cased, equals `name` (given in lower case).
    private static func equalsLowercased(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        for offset in 0..<bytes.count {
            let byte = bytes[offset]
            let folded = byte &- 0x41 < 26 ? byte | 0x20 : byte
            if folded != name.utf8Start[offset] { return false }
        }
        return true
    }

    /// A final status starts a new response: what an earlier hop said no longer applies.
    private mutating func consumeStatus(code: Int?) -> Bool {
        guard let code, code >= 200 else { return false }
        statuses.append(code)
        etag = nil
        lastModified = nil
        cacheControl = nil
        return true
    }

    /// The code of a status line (`HTTP/1.1 304 Not Modified`, `HTTP/2 200`): the second
    /// space-separated field, all digits. Read off the bytes, since every response has one.
    static func statusCode(_ line: UnsafeRawBufferPointer) -> Int? {
        let space = UInt8(ascii: " ")
        guard var index = line.firstIndex(of: space) else { return nil }
        while index < line.count, line[index] == space { index += 1 }
        var code = 0, digits = 0
        while index < line.count, line[index] &- UInt8(ascii: "0") < 10, digits < 9 {
            code = code * 10 + Int(line[index] &- UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        // The field ends at a space or at the line's end (CR, LF or the last byte).
        guard digits > 0 else { return nil }
        guard index < line.count else { return code }
        switch line[index] {
        case space, 0x09, 0x0D, 0x0A: return code
        default: return nil
        }
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
