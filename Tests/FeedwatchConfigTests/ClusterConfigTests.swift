import FeedwatchConfig
import Testing

/// `cluster:` in the config: a node name and a lease, only on a PostgreSQL state; and what a
/// database URL in `state:` becomes.
struct ClusterConfigTests {
    let database = "state: postgresql://feedwatch@db.example:5432/feedwatch\n"

    @Test func absentMeansOneNode() throws {
        #expect(try config(database + "feeds: []\n").value.cluster == nil)
    }

    @Test func defaultsAndExplicitValues() throws {
        let named = try #require(try config(database + "cluster:\nfeeds: []\n", environment: ["HOME": "/h", "FEEDWATCH_NODE": "n7"]).value.cluster)
        #expect(named == ClusterSettings(node: "n7", lease: .seconds(20)))
        let host = try #require(try config(database + "cluster: {}\nfeeds: []\n").value.cluster)
        #expect(!host.node.isEmpty, "the host name when neither the config nor FEEDWATCH_NODE names the node")
        let explicit = try #require(try config(database + "cluster:\n  node: db-2.east\n  lease: 45s\nfeeds: []\n").value.cluster)
        #expect(explicit == ClusterSettings(node: "db-2.east", lease: .seconds(45)))
    }

    @Test func aDatabaseURLIsKeptAsWrittenAndShownWithoutItsPassword() throws {
        let loaded = try config("state: postgres://app:s3cret@db.example/feeds?sslmode=require&password=other\nfeeds: []\n",
                                environment: ["HOME": "/h", "STATE_DIRECTORY": "/var/lib/feedwatch"])
        #expect(loaded.value.statePath == "postgres://app:s3cret@db.example/feeds?sslmode=require&password=other")
        #expect(loaded.value.state.description == "postgres://app:***@db.example/feeds?sslmode=require&password=***")
        // The host's own files of a database state live in the state folder, one name per database.
        #expect(loaded.value.localStatePath.hasPrefix("/var/lib/feedwatch/postgresql-"))
        let other = try config("state: postgres://app@db.example/other\nfeeds: []\n",
                               environment: ["HOME": "/h", "STATE_DIRECTORY": "/var/lib/feedwatch"])
        #expect(other.value.localStatePath != loaded.value.localStatePath)
    }

    @Test func errorsNameTheirPlace() {
        #expect(configErrors("state: state.sqlite\ncluster:\n  node: a\nfeeds: []\n") == [
            "c.yaml:2:1: cluster: needs a PostgreSQL state (state: postgresql://…), which the nodes share",
        ])
        #expect(configErrors(database + "cluster:\n  node: \"a b\"\nfeeds: []\n") == [
            "c.yaml:3:9: cluster: node must be 1-64 letters, digits, '.', '_' or '-' (got 'a b')",
        ])
        #expect(configErrors(database + "cluster:\n  lease: 1s\nfeeds: []\n") == ["c.yaml:3:10: cluster: lease must be between 3s and 1h"])
        #expect(configErrors(database + "cluster:\n  nodes: a\nfeeds: []\n") == [
            "c.yaml:3:3: cluster: unknown key 'nodes' (known keys: node, lease)",
        ])
        #expect(configErrors("state: \"postgresql://db.example/x y\"\nfeeds: []\n") == [
            "c.yaml:1:8: state: a database URL cannot contain spaces or line breaks",
        ])
    }
}
