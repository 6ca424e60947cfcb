import Foundation
import Testing
import TestSupport

/// `feedwatch run` with `metrics:`: a real daemon scraped over HTTP, its numbers checked
/// against what the test itself saw, its health checks, and its endpoint under abuse.
struct MetricsDaemonTests {
    typealias Rig = DaemonTests.Rig

    static func rig(interval: String = "1h", perFeed: Bool = true) async throws -> Rig {
        try await Rig(extraConfig: """
            metrics: {listen: "127.0.0.1:0", per_feed: \(perFeed)}
            """ + "\n", interval: interval, feeds: ["/a.xml", "/gone.xml"])
    }

    @Test func theScrapeAgreesWithWhatTheTestSaw() async throws {
        let rig = try await Self.rig()
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement"), .init("i2", "Hamas again"),
                                                     .init("i3", "Weather")]))
        let daemon = try rig.start()
        let port = try #require(await Scrape.port(of: daemon))
        #expect(await rig.waitForPairs(["i1/hamas", "i2/hamas"]))
        // The pass's duration is recorded last: once it is there, every counter of the pass is final.
        let samples = try await Scrape.waitFor(port: port) { $0["feedwatch_pass_duration_seconds_count"] == 1 }
        let lines = try String(contentsOfFile: rig.log, encoding: .utf8).split(separator: "\n").count
        let requests = await rig.server.requests("/a.xml") + rig.server.requests("/gone.xml")
        let fetches = samples.filter { $0.key.hasPrefix("feedwatch_fetches_total{") }
        #expect(fetches.values.reduce(0, +) == Double(requests))
        #expect(requests == 2)
        #expect(samples["feedwatch_fetches_total{outcome=\"ok\"}"] == 1)
        #expect(samples["feedwatch_fetches_total{outcome=\"http\"}"] == 1, "the 404")
        #expect(samples["feedwatch_fetches_total{outcome=\"timeout\"}"] == 0, "every kind is there from the start")
        #expect(samples["feedwatch_fetch_duration_seconds_count"] == Double(requests))
        #expect((samples["feedwatch_fetch_received_bytes_total"] ?? 0) > 0)
        #expect(samples["feedwatch_alerts_written_total"] == Double(lines))
        #expect(lines == 2)
        #expect(samples["feedwatch_mentions_total"] == 2)
        #expect(samples["feedwatch_items_new_total"] == 3)
        #expect(samples["feedwatch_items_changed_total"] == 0)
        #expect(samples["feedwatch_alert_log_write_errors_total"] == 0)
        #expect(samples["feedwatch_feeds_configured"] == 2)
        #expect(samples["feedwatch_feeds_due_total"] == 2)
        #expect(samples["feedwatch_feeds_backoff"] == 1)
        #expect(samples["feedwatch_feeds_in_flight"] == 0)
        #expect(samples["feedwatch_watchlist_actors"] == 1)
        #expect(samples["feedwatch_watchlist_from_cache"] == 0)
        #expect(samples["feedwatch_scheduler_ticking"] == 1)
        #expect(samples["feedwatch_scheduler_lag_seconds_count"] == 2)
        #expect(samples["feedwatch_build_info{version=\"0.1.0\"}"] == 1)
        let logSize = try #require(try FileManager.default.attributesOfItem(atPath: rig.log)[.size] as? Int)
        #expect(samples["feedwatch_alert_log_bytes"] == Double(logSize))
        #expect((samples["feedwatch_state_file_bytes"] ?? 0) > 0)
        #expect((samples["process_resident_memory_bytes"] ?? 0) > 1_000_000)
        #expect((samples["process_open_fds"] ?? 0) > 3)
        let started = try #require(samples["process_start_time_seconds"])
        #expect(abs(started - Date().timeIntervalSince1970) < 3600, "a wall-clock time, not seconds since boot")
        // Per feed (opted in): the failing feed's count, the good feed's last success.
        #expect(samples["feedwatch_feed_consecutive_failures{feed=\"\(rig.server.url("/gone.xml"))\"}"] == 1)
        #expect(samples["feedwatch_feed_last_success_timestamp_seconds{feed=\"\(rig.server.url("/a.xml"))\"}"] != nil)
        #expect(try rawRequest(port: port, "/readyz")?.status == 200)
        #expect(try rawRequest(port: port, "/healthz")?.status == 200)
        // The shipped rules and dashboard ask only for metrics the daemon has.
        let families = Set(samples.keys.map { key in
            var name = String(key.prefix { $0 != "{" })
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
            return name
        })
        let used = try OperationsFilesTests.metricNames()
        #expect(used.count > 25)
        #expect(used.subtracting(families).isEmpty, "unknown to the daemon: \(used.subtracting(families).sorted())")

        // A rejected reload, then an accepted one, each counted.
        try rig.dir.write("watchlist.yaml", "actors:\n  - {id: qatar, name: Qatar, aliases: []}\n")
        daemon.signal(SIGHUP)
        #expect(await daemon.waitForStderr { $0.contains("reload rejected (SIGHUP)") })
        var reloads = try Scrape.samples(port: port)
        #expect(reloads["feedwatch_reloads_total{result=\"rejected\"}"] == 1)
        #expect(reloads["feedwatch_reloads_total{result=\"ok\"}"] == 0)
        try rig.dir.write("watchlist.yaml", "actors:\n  - {id: hamas, name: Hamas}\n  - {id: qatar, name: Qatar}\n")
        daemon.signal(SIGHUP)
        #expect(await daemon.waitForStderr { $0.contains("reload ok (SIGHUP)") })
        reloads = try Scrape.samples(port: port)
        #expect(reloads["feedwatch_reloads_total{result=\"rejected\"}"] == 1)
        #expect(reloads["feedwatch_reloads_total{result=\"ok\"}"] == 1)
        #expect(reloads["feedwatch_watchlist_actors"] == 2)
        #expect((reloads["feedwatch_last_reload_success_timestamp_seconds"] ?? 0)
                >= (samples["feedwatch_last_reload_success_timestamp_seconds"] ?? .infinity))

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        #expect(throws: (any Error).self, "the endpoint is gone with the daemon") { try RawConnection(port: port) }
    }

    /// The scheduler stops ticking when the daemon's actor is stuck: here in `open(2)` of an
    /// alert log that became a FIFO nobody reads (as a hung network mount would). The endpoint,
    /// on its own thread, says so: /healthz 503, exactly while the watchdog pings stop.
    @Test func healthzTurns503WhenTheSchedulerStopsTicking() async throws {
        let rig = try await Self.rig(interval: "1s", perFeed: false)
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement")]))
        let daemon = try rig.start(watchdogMicroseconds: 2_000_000)
        let port = try #require(await Scrape.port(of: daemon))
        #expect(await rig.waitForPairs(["i1/hamas"]))
        #expect(try await Scrape.waitForStatus(port: port, "/healthz", 200))
        #expect(await rig.notify.waitFor("WATCHDOG=1") != nil)

        try FileManager.default.moveItem(atPath: rig.log, toPath: rig.log + ".1")
        #expect(mkfifo(rig.log, 0o600) == 0)
        daemon.signal(SIGUSR1)
        #expect(try await Scrape.waitForStatus(port: port, "/healthz", 503))
        // /metrics and /readyz still answer: the endpoint does not need the stuck actor.
        #expect(try Scrape.samples(port: port)["feedwatch_scheduler_ticking"] == 0)
        #expect(try rawRequest(port: port, "/readyz")?.status == 200)
        // No ping while it is stuck (the ping loop asks the same question as /healthz).
        let pings = { rig.notify.messages.filter { $0.split(separator: "\n").contains("WATCHDOG=1") }.count }
        let stuckPings = pings()
        try await Task.sleep(for: .seconds(2.5))
        #expect(pings() == stuckPings)

        // A reader releases the open; the next SIGUSR1 moves the log back to a regular file.
        let reader = open(rig.log, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        #expect(await daemon.waitForStderr { $0.components(separatedBy: "alert log reopened").count == 2 })
        try FileManager.default.removeItem(atPath: rig.log)
        try FileManager.default.moveItem(atPath: rig.log + ".1", toPath: rig.log)
        daemon.signal(SIGUSR1)
        #expect(await daemon.waitForStderr { $0.components(separatedBy: "alert log reopened").count == 3 })
        #expect(try await Scrape.waitForStatus(port: port, "/healthz", 200))
        #expect(await rig.notify.waitFor("WATCHDOG=1", after: rig.notify.messages.count) != nil, "pings resume")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    /// Huge heads, silent connections beyond the limit, bodies, other methods and paths: each
    /// gets its answer or is dropped, and the daemon goes on fetching and serving.
    @Test func badRequestsDoNotStopTheDaemon() async throws {
        let rig = try await Self.rig(interval: "1s", perFeed: false)
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement")]))
        let daemon = try rig.start()
        let port = try #require(await Scrape.port(of: daemon))
        #expect(await rig.waitForPairs(["i1/hamas"]))

        // The daemon's limit is 16 connections: hold them all with silent clients.
        var silent: [RawConnection] = []
        var refused: RawResponse?
        for _ in 0..<64 where refused?.status != 503 {
            let connection = try RawConnection(port: port)
            silent.append(connection)
            if silent.count > 16 {
                refused = connection.response(timeout: .seconds(2))
            }
        }
        #expect(refused?.status == 503)
        let before = await rig.server.requests("/a.xml")
        silent.forEach { $0.close() }

        #expect(try await Scrape.waitForStatus(port: port, "/metrics", 200))
        let huge = try RawConnection(port: port)
        huge.send("GET /metrics HTTP/1.1\r\nCookie: " + String(repeating: "c", count: 100_000) + "\r\n\r\n")
        #expect(huge.response()?.status == 431)
        let post = try RawConnection(port: port)
        post.send("POST /metrics HTTP/1.1\r\nContent-Length: 50000\r\n\r\n" + String(repeating: "b", count: 50_000))
        #expect(post.response()?.status == 405)
        #expect(try rawRequest(port: port, "/admin")?.status == 404)
        #expect(try rawRequest(port: port, "/metrics", method: "DELETE")?.status == 405)
        let garbage = try RawConnection(port: port)
        garbage.send("\u{16}\u{3}\u{1}\u{2}\u{0}\r\n\r\n")  // a TLS hello's first bytes
        #expect(garbage.response()?.status == 400)

        // Still fetching (the feed is due every second) and still serving.
        let deadline = ContinuousClock.now + .seconds(20)
        while await rig.server.requests("/a.xml") < before + 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(await rig.server.requests("/a.xml") >= before + 2)
        #expect(try rawRequest(port: port, "/healthz")?.status == 200)
        _ = try Scrape.samples(port: port)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    /// `feedwatch once --metrics-file`: the pass's metrics in a file, for the textfile collector.
    @Test func onceWritesItsMetricsToAFile() async throws {
        let dir = try TemporaryDirectory()
        let config = try dir.write("feedwatch.yaml", """
            watchlist: \(CheckCommandTests.root)/Config/watchlist.yaml
            alerts: alerts.jsonl
            state: state.sqlite
            feeds:
              - path: \(CheckCommandTests.root)/Config/samples/world.xml
            """)
        let file = dir.path + "/feedwatch.prom"
        let once = try ChildProcess(Products.feedwatch, ["once", "--config", config, "--metrics-file", file])
        #expect(await once.waitForExit() == 0, "\(once.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let lint = try runProcess(Tools.promtool, ["check", "metrics"], stdin: text)
        #expect(lint.status == 0 && lint.stdout.isEmpty && lint.stderr.isEmpty, "\(lint.stdout)\(lint.stderr)")
        let lines = try String(contentsOfFile: dir.path + "/alerts.jsonl", encoding: .utf8).split(separator: "\n").count
        #expect(text.contains("\nfeedwatch_alerts_written_total \(lines)\n"))
        #expect(text.contains("\nfeedwatch_fetches_total{outcome=\"ok\"} 1\n"))
        #expect(!text.contains("process_"), "a finished process has no process metrics to give")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    /// `feedwatch check` accepts a non-loopback address and warns where it is written.
    @Test func checkWarnsAboutANonLoopbackAddress() throws {
        let dir = try TemporaryDirectory()
        try dir.write("watchlist.yaml", "actors:\n  - {id: hamas, name: Hamas}\n")
        let config = try dir.write("feedwatch.yaml", "metrics: 0.0.0.0:9464\nfeeds: []\n")
        let check = try runProcess(Products.feedwatch, ["check", "--config", config])
        #expect(check.status == 0)
        #expect(check.stderr.contains("\(config):1:10: warning: metrics: 0.0.0.0:9464 is reachable from other machines"))
        #expect(check.stdout.contains("ok with 1 warning"))
    }

    /// Without `metrics:` nothing listens and nothing is said about metrics.
    @Test func noEndpointWithoutTheKey() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement")]))
        let daemon = try rig.start()
        #expect(await rig.waitForPairs(["i1/hamas"]))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        #expect(!daemon.stderr.contains("metrics"))
    }
}
