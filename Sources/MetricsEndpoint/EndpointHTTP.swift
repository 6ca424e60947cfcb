/// The little HTTP the endpoint speaks: one request per connection, its head only, and a
/// response with `Connection: close`. Enough for Prometheus, curl and load balancer probes,
/// and nothing a misbehaving client could lean on (no keep-alive, no body, no chunking).
public struct EndpointResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// For 405: the methods that would have been allowed.
    public var allow: String?

    public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8], allow: String? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.allow = allow
    }

    /// A plain-text answer whose body is the reason phrase and a line break.
    public static func plain(_ status: Int, allow: String? = nil) -> EndpointResponse {
        EndpointResponse(status: status, body: Array("\(reason(status))\n".utf8), allow: allow)
    }

    /// The bytes on the wire; a HEAD answer has the same head and no body.
    func encoded(headOnly: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        if let allow { head += "Allow: \(allow)\r\n" }
        head += "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + (headOnly ? [] : body)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 431: "Request Header Fields Too Large"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}

/// The request line of a complete request head; headers are not needed and never parsed.
public struct RequestHead: Sendable, Equatable {
    public var method: String
    /// The path without its query string (`/metrics?x=1` → `/metrics`).
    public var path: String

    /// Parses the head's first line; an answer (400, 505) when it is not HTTP/1.x.
    public static func parse(_ head: ArraySlice<UInt8>) -> Result<RequestHead, RequestRejection> {
        let line = head.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte),
              !parts[1].isEmpty, parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(RequestRejection(status: 400))
        }
        guard parts[2].starts(with: Array("HTTP/1.".utf8)), parts[2].count == 8 else {
            return .failure(RequestRejection(status: parts[2].starts(with: Array("HTTP/".utf8)) ? 505 : 400))
        }
        let target = parts[1].prefix { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        return .success(RequestHead(method: String(decoding: parts[0], as: UTF8.self),
                                    path: String(decoding: target, as: UTF8.self)))
    }

    /// RFC 9110 token characters: letters, digits and a few marks.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

/// Why a request head was refused before routing.
public struct RequestRejection: Error, Sendable, Equatable {
    public var status: Int
}

/// Finds the end of a request head (a blank line, CRLF or bare LF) in `bytes`, looking only at
/// what arrived since `searchedUpTo`; returns the index just past it.
func endOfHead(_ bytes: [UInt8], searchedUpTo: Int) -> Int? {
    var index = max(0, searchedUpTo - 3)
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "\n") {
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { return index + 2 }
            if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\r"), bytes[index + 2] == UInt8(ascii: "\n") {
                return index + 3
            }
        }
        index += 1
    }
    return nil
}
