#if canImport(Glibc)
import Glibc
#endif

/// A failure to open or append to the alert log, with the operating system's reason.
public struct AlertLogError: Error, Sendable, CustomStringConvertible {
    public var path: String
    /// What was being done: "open", "write", "sync", ...
    public var operation: String
    public var errno: Int32
    public var reason: String

    public init(path: String, operation: String, errno: Int32, reason: String) {
        self.path = path
        self.operation = operation
        self.errno = errno
        self.reason = reason
    }

    public var description: String { "alert log \(path): cannot \(operation): \(reason)" }
}

extension AlertLogError {
    /// The failure `operation` just left in `errno`.
    static func system(_ path: String, _ operation: String) -> AlertLogError {
        let code = Glibc.errno
        return AlertLogError(path: path, operation: operation, errno: code, reason: String(cString: strerror(code)))
    }
}
