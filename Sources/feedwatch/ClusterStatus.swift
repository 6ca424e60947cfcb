import FeedState

/// The `nodes:` part of `feedwatch status` on a cluster's database: each node's last heartbeat,
/// and which nodes run a feed list or watchlist other than most live nodes do (during a rolling
/// change that is expected for a while; after it, it means a node was missed).
enum ClusterStatus {
    static func lines(_ nodes: [NodeHeartbeat], now: Int64, time: RelativeTime) -> [String] {
        guard !nodes.isEmpty else { return [] }
        var lines = ["nodes:"]
        for node in nodes {
            let notes = now - node.at >= [NodeHeartbeat].silentAfter ? ["silent"] : nodes.disagreements(of: node, now: now)
            lines.append("  \(node.node)  pid \(node.pid)  feedwatch \(node.version)  heartbeat \(time.describe(node.at))"
                         + (notes.isEmpty ? "" : "  (" + notes.joined(separator: "; ") + ")"))
        }
        return lines
    }
}
