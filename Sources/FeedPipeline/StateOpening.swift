import FeedState
import FeedwatchConfig
import PostgresState

/// Opens the state the config names on the engine it names; past this point nothing knows
/// whether it is an SQLite file or a PostgreSQL database.
public enum StateOpening {
    /// For the pipeline: created or migrated as needed, written by this process alone — or, with
    /// `node` (cluster mode, PostgreSQL only), shared with the other nodes.
    public static func open(_ location: StateLocation, node: String? = nil) throws(StateError) -> StateStore {
        switch location {
        case .sqlite(let path): try StateStore.open(path: path)
        case .postgres(let url): try PostgresStore.open(url: url, location: location.description, node: node)
        }
    }

    /// For readers beside a running daemon (`feedwatch status`): never creates or migrates.
    public static func openReadOnly(_ location: StateLocation) throws(StateError) -> StateStore {
        switch location {
        case .sqlite(let path): try StateStore.openReadOnly(path: path)
        case .postgres(let url): try PostgresStore.openReadOnly(url: url, location: location.description)
        }
    }
}
