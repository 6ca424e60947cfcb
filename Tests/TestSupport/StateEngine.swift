/// The state engines the semantic tests run against: whatever SQLite records, PostgreSQL must too.
public enum StateEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgresql

    public var description: String { rawValue }

    /// The config's `state:` value for a test folder: a file in it, or a new database on the
    /// test process's PostgreSQL server.
    public func stateSetting(in folder: String) throws -> String {
        switch self {
        case .sqlite: folder + "/state.sqlite"
        case .postgresql: try PostgresServer.shared().database("pipeline")
        }
    }
}
