import FeedwatchConfig
import Testing

/// `metrics:` in the config: the short and long forms, what counts as loopback, and errors
/// with their place like every other key.
struct MetricsConfigTests {
    @Test func absentMeansNoEndpoint() throws {
        #expect(try config("feeds: []\n").value.metrics == nil)
        #expect(try config("metrics:\nfeeds: []\n").value.metrics == nil)
    }

    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1:9464", true),
        ("9464", "127.0.0.1:9464", true),
        ("localhost:9464", "127.0.0.1:9464", true),
        ("127.1.2.3:80", "127.1.2.3:80", true),
        ("\"[::1]:9464\"", "[::1]:9464", true),
        ("\"[0:0:0:0:0:0:0:1]:9464\"", "[0:0:0:0:0:0:0:1]:9464", true),
        ("0.0.0.0:9464", "0.0.0.0:9464", false),
        ("192.0.2.10:9464", "192.0.2.10:9464", false),
        ("\"[::]:9464\"", "[::]:9464", false),
        ("\"[2001:db8::5]:9464\"", "[2001:db8::5]:9464", false),
        ("127.0.0.1:0", "127.0.0.1:0", true),
    ])
    func shortForm(_ written: String, _ address: String, _ loopback: Bool) throws {
        let loaded = try config("metrics: \(written)\nfeeds: []\n")
        let metrics = try #require(loaded.value.metrics)
        #expect(metrics.listen.description == address)
        #expect(metrics.listen.isLoopback == loopback)
        #expect(!metrics.perFeed)
        // Binding beyond loopback is allowed, with a warning at the value's place.
        #expect(loaded.warnings.map(\.description).contains { $0.hasPrefix("c.yaml:1:10: warning: metrics: ") } == !loopback)
    }

    @Test func longForm() throws {
        let metrics = try #require(try config("""
            metrics:
              listen: 127.0.0.1:9500
              per_feed: true
            feeds: []
            """).value.metrics)
        #expect(metrics == MetricsSettings(listen: ListenAddress(host: "127.0.0.1", port: 9500, family: .ipv4), perFeed: true))
    }

    /// The diagnostics of a config that has `feeds: []` after `yaml`.
    private func errors(_ yaml: String) -> [String] { configErrors(yaml + "feeds: []\n") }

    @Test func errorsNameTheirPlace() {
        #expect(errors("metrics: 127.0.0.1\n") == [
            "c.yaml:1:10: metrics: '127.0.0.1' is not an address and port (e.g. 127.0.0.1:9464, [::1]:9464 or 9464; IPv6 in brackets)",
        ])
        #expect(errors("metrics: 127.0.0.1:70000\n") == [
            "c.yaml:1:10: metrics: '127.0.0.1:70000': the port must be a number from 0 to 65535 (e.g. 127.0.0.1:9464, [::1]:9464 or 9464)",
        ])
        #expect(errors("metrics: example.org:9464\n") == [
            "c.yaml:1:10: metrics: 'example.org:9464': 'example.org' is not an IP address (e.g. 127.0.0.1:9464, [::1]:9464 or 9464; no host names)",
        ])
        #expect(errors("metrics: 300.0.0.1:9464\n").count == 1)
        #expect(errors("metrics: \"::1:9464\"\n").count == 1, "IPv6 needs brackets")
        #expect(errors("metrics: \"[::1::2]:9464\"\n").count == 1)
        #expect(errors("metrics:\n  per_feed: true\n") == ["c.yaml:2:3: metrics: needs 'listen:' (e.g. listen: 127.0.0.1:9464)"])
        #expect(errors("metrics:\n  listen: 9464\n  perfeed: true\n") == [
            "c.yaml:3:3: metrics: unknown key 'perfeed' (known keys: listen, per_feed)",
        ])
        #expect(errors("metrics:\n  listen: 9464\n  per_feed: maybe\n") == [
            "c.yaml:3:13: metrics: per_feed: 'maybe' is not true or false",
        ])
        #expect(errors("metrics: [9464]\n") == ["c.yaml:1:10: metrics: expected text, found a list"])
    }
}
