/// The daemon's HTTP endpoint for Prometheus (`metrics:` in the config): where it listens and
/// whether it exposes a series per feed. Absent from the config means no endpoint at all.
public struct MetricsSettings: Sendable, Hashable {
    public var listen: ListenAddress
    /// One series per feed (last success, consecutive failures): off by default, since 50,000
    /// feeds would be 50,000 series per metric in every scrape.
    public var perFeed = false

    public init(listen: ListenAddress, perFeed: Bool = false) {
        self.listen = listen
        self.perFeed = perFeed
    }
}

/// An IP literal and a port to bind, as written in `metrics:`: `127.0.0.1:9464`, `[::1]:9464`,
/// `0.0.0.0:9464`, or a bare port, which means loopback (the safe default for an endpoint that
/// anyone who can reach it may read).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public enum Family: Sendable, Hashable {
        case ipv4
        case ipv6
    }

    /// The address without brackets (`127.0.0.1`, `::1`).
    public var host: String
    /// 0 lets the kernel pick a free port (the daemon logs the one it got).
    public var port: UInt16
    public var family: Family

    public init(host: String, port: UInt16, family: Family) {
        self.host = host
        self.port = port
        self.family = family
    }

    /// `host:port`, with brackets around an IPv6 address.
    public var description: String {
        family == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Whether only this machine can connect: 127.0.0.0/8 or ::1.
    public var isLoopback: Bool {
        switch family {
        case .ipv4: host.split(separator: ".").first == "127"
        case .ipv6: IPv6Literal.isLoopback(host)
        }
    }

    /// Reads `metrics:`'s value; the error says what a valid one looks like.
    public static func parse(_ text: String) throws(Units.ParseError) -> ListenAddress {
        let example = "e.g. 127.0.0.1:9464, [::1]:9464 or 9464"
        if let port = UInt16(text) { return ListenAddress(host: "127.0.0.1", port: port, family: .ipv4) }
        let host: Substring, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw Units.ParseError(message: "'\(text)' is not an address and port (\(example))")
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                throw Units.ParseError(message: "'\(text)' is not an address and port (\(example); IPv6 in brackets)")
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = UInt16(portText) else {
            throw Units.ParseError(message: "'\(text)': the port must be a number from 0 to 65535 (\(example))")
        }
        if host == "localhost" { return ListenAddress(host: "127.0.0.1", port: port, family: .ipv4) }
        if IPv4Literal.isValid(host) { return ListenAddress(host: String(host), port: port, family: .ipv4) }
        if text.hasPrefix("["), IPv6Literal.isValid(host) {
            return ListenAddress(host: String(host), port: port, family: .ipv6)
        }
        throw Units.ParseError(message: "'\(text)': '\(host)' is not an IP address (\(example); no host names)")
    }
}

/// Dotted-quad checks without the resolver: four decimal parts of 0...255.
enum IPv4Literal {
    static func isValid(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCIIDigit) && (Int(part) ?? 256) <= 255
        }
    }
}

/// IPv6 text checks: hexadecimal groups, at most one `::`; inet_pton is the final judge at bind.
enum IPv6Literal {
    static func isValid(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.count <= 39, text.allSatisfy({ $0.isHexDigit || $0 == ":" }) else { return false }
        let compressed = halves(text)
        guard compressed.count <= 2 else { return false }
        let groups = compressed.flatMap { $0.split(separator: ":", omittingEmptySubsequences: false) }
            .filter { !$0.isEmpty }
        guard groups.allSatisfy({ $0.count <= 4 }) else { return false }
        return compressed.count == 2 ? groups.count <= 7 : groups.count == 8
    }

    /// The parts around each `::` (one part when there is none).
    static func halves(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex, index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ":", next < text.endIndex, text[next] == ":" {
                parts.append(text[start..<index])
                start = text.index(after: next)
                index = start
            } else {
                index = next
            }
        }
        parts.append(text[start...])
        return parts
    }

    /// `::1` in any spelling (`0:0:0:0:0:0:0:1`, `::0001`).
    static func isLoopback(_ text: String) -> Bool {
        let compressed = halves(Substring(text))
        let groups = compressed.map { $0.split(separator: ":").map { Int($0, radix: 16) ?? -1 } }
        let all = groups.count == 2 ? groups[0] + Array(repeating: 0, count: max(0, 8 - groups[0].count - groups[1].count)) + groups[1]
            : groups.first ?? []
        return all.count == 8 && all.dropLast().allSatisfy { $0 == 0 } && all.last == 1
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
