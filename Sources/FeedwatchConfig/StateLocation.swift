/// Where the state lives, as the config's `state:` says: an SQLite file (the embedded default)
/// or a PostgreSQL database given by a `postgresql://` or `postgres://` URL.
public enum StateLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// Reads a `state:` value or `--state` option: a database URL, else a file path.
    public init(_ value: String) {
        self = Self.isDatabaseURL(value) ? .postgres(url: value) : .sqlite(path: value)
    }

    /// Whether `value` names a PostgreSQL database rather than an SQLite file.
    public static func isDatabaseURL(_ value: String) -> Bool {
        value.hasPrefix("postgresql://") || value.hasPrefix("postgres://")
    }

    /// The path, or the URL without its password: safe for messages, logs and `status`.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): Self.redacted(url)
        }
    }

    /// The URL without a password, whether given as `user:password@` or as a `password=`
    /// query parameter.
    public static func redacted(_ url: String) -> String {
        var result = url
        if let scheme = result.firstRange(of: "://") {
            let rest = result[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? result.endIndex
            if let at = result[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
               let colon = result[scheme.upperBound..<at].firstIndex(of: ":") {
                result.replaceSubrange(colon..<at, with: ":***")
            }
        }
        guard let query = result.firstIndex(of: "?") else { return result }
        let parameters = result[result.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
            .map { $0.lowercased().hasPrefix("password=") ? "password=***" : String($0) }
        return String(result[...query]) + parameters.joined(separator: "&")
    }
}
