/// One problem found while loading configuration. Loading never stops at the first problem:
/// an editor fixing a watchlist wants every mistake in one run.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The file cannot be used as written; `feedwatch check` exits 1.
        case error
        /// Legal but probably not what the editor meant; reported, loading goes on.
        case warning
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// `watchlist.yaml:42:7: actor 'hamas': alias list is empty` for errors, with `warning: `
    /// before the message for warnings.
    public var description: String {
        severity == .warning ? "\(location): warning: \(message)" : "\(location): \(message)"
    }
}

/// Thrown when a file has at least one error; carries every diagnostic found, warnings included.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
