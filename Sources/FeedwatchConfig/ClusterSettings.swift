#if canImport(Glibc)
import Glibc
#endif

/// Cluster mode (`cluster:` in the config, docs/cluster.md): several nodes share one PostgreSQL
/// state, each fetching the feeds it claims under a lease. Absent means one node, as always.
public struct ClusterSettings: Sendable, Hashable {
    /// This node's name: its leases, its alert outbox and its heartbeat row are keyed by it, so
    /// it must be unique in the cluster and stable across restarts.
    public var node: String
    /// How long a claim holds without renewal: a node that dies or stops loses its feeds to the
    /// others this long after its last renewal (renewed every third of it).
    public var lease: Duration = .seconds(20)

    public init(node: String, lease: Duration = .seconds(20)) {
        self.node = node
        self.lease = lease
    }

    /// The node name when the config gives none: `$FEEDWATCH_NODE`, else the host name.
    public static func defaultNode(environment: [String: String]) -> String {
        if let name = environment["FEEDWATCH_NODE"], !name.isEmpty { return name }
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    /// Names are printed in logs and status and used as keys: letters, digits, `.`, `_`, `-`.
    static func isValidNode(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
