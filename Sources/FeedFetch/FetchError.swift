/// Why a feed could not be fetched (or, for `notAFeed`/`parse`, used): classified once here so
/// the policy, the log and the status command all speak about the same few kinds.
public struct FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case dns
        case connect
        case tls
        case timeout
        case httpStatus(Int)
        case tooLarge
        case redirect
        case `protocol`
        /// A configured `file://` feed that cannot be read.
        case file
        /// Reserved for the parser: the body is not RSS, Atom or JSON Feed.
        case notAFeed
        /// Reserved for the parser: a feed too broken to read.
        case parse
        /// Stopped by the caller or by shutdown; not the feed's fault.
        case cancelled
        /// A local failure (out of memory, libcurl refused an option).
        case `internal`

        /// A stable lower-case key for logs and the state file.
        public var key: String {
            switch self {
            case .dns: "dns"
            case .connect: "connect"
            case .tls: "tls"
            case .timeout: "timeout"
            case .httpStatus: "http"
            case .tooLarge: "too_large"
            case .redirect: "redirect"
            case .protocol: "protocol"
            case .file: "file"
            case .notAFeed: "not_a_feed"
            case .parse: "parse"
            case .cancelled: "cancelled"
            case .internal: "internal"
            }
        }

        var label: String {
            switch self {
            case .dns: "DNS lookup failed"
            case .connect: "connection failed"
            case .tls: "TLS failed"
            case .timeout: "timed out"
            case .httpStatus(let code): "HTTP \(code)"
            case .tooLarge: "body too large"
            case .redirect: "redirect refused"
            case .protocol: "protocol error"
            case .file: "cannot read file"
            case .notAFeed: "not a feed"
            case .parse: "parse error"
            case .cancelled: "cancelled"
            case .internal: "internal error"
            }
        }
    }

    /// Longest wait a server can ask for; beyond it we retry anyway so a feed is never parked forever.
    public static let retryAfterCap: Duration = .seconds(24 * 3600)

    public var kind: Kind
    /// The requested URL, so every message names the feed.
    public var url: String
    /// Extra words from libcurl or the parser, single line; may be empty.
    public var detail: String
    /// `Retry-After` from a 429/503 (seconds or HTTP date), capped at 24 h.
    public var retryAfter: Duration?

    public init(_ kind: Kind, url: String, detail: String = "", retryAfter: Duration? = nil) {
        self.kind = kind
        self.url = url
        self.detail = String(detail.map { $0.isNewline ? " " : $0 }).trimmingSpaces
        self.retryAfter = retryAfter.map { min(max($0, .zero), Self.retryAfterCap) }
    }

    /// One line for the log, e.g. `https://x/feed: HTTP 503, retry after 120s`.
    public var message: String {
        var line = "\(url): \(kind.label)"
        if !detail.isEmpty { line += " (\(detail))" }
        if let retryAfter { line += ", retry after \(retryAfter.components.seconds)s" }
        return line
    }

    public var description: String { message }
}
