import AlertLog
import Foundation
import Testing
import TestSupport

/// `feedwatch once` as a real child process against a real HTTP server whose feeds change
/// between passes, with a real state file and alert log.
struct PipelineEndToEndTests {
    static let watchlist = """
        actors:
          - {id: hamas, name: Hamas, kind: group}
          - {id: qatar, name: Qatar, kind: country, aliases: [Qatar, Doha]}
          - {id: shin-bet, name: Shin Bet, kind: organization}
          - {id: netanyahu, name: Benjamin Netanyahu, kind: person, aliases: [Netanyahu]}
        """

    /// A config, watchlist and server; `once()` runs one pass and returns the log's lines.
    struct Rig {
        let dir: TemporaryDirectory
        let server: FeedServer
        let config: String
        var log: String { dir.path + "/alerts.jsonl" }

        init(feeds: [String] = ["/a.xml", "/b.xml"], extraConfig: String = "", engine: StateEngine = .sqlite) async throws {
            let dir = try TemporaryDirectory()
            let server = try await FeedServer()
            self.dir = dir
            self.server = server
            try dir.write("watchlist.yaml", PipelineEndToEndTests.watchlist)
            let list = feeds.map { "  - url: \(server.url($0))\n    tags: [test]\n" }.joined()
            config = try dir.write("feedwatch.yaml", """
                watchlist: watchlist.yaml
                alerts: alerts.jsonl
                state: \(try engine.stateSetting(in: dir.path))
                \(extraConfig)feeds:
                \(list)
                """)
        }

        func once(_ extra: [String] = ["--all"]) async throws -> ProcessOutput {
            // Local files of a database state (lock, compiled watchlist) go to the test's folder.
            let child = try ChildProcess(Products.feedwatch, ["once", "--config", config] + extra,
                                         environment: ["XDG_STATE_HOME": dir.path])
            let status = await child.waitForExit()
            return ProcessOutput(status: status, stdout: child.stdout, stderr: child.stderr)
        }

        func alerts() throws -> [LoggedAlert] {
            guard FileManager.default.fileExists(atPath: log) else { return [] }
            return try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map {
                try #require(LoggedAlert.decode(Array($0.utf8)))
            }
        }
    }

    static func pairs(_ alerts: [LoggedAlert]) -> [String] {
        alerts.flatMap { alert in alert.actors.map { "\(alert.item.key)/\($0.id)\(alert.update ? "+" : "")" } }.sorted()
    }

    @Test(arguments: StateEngine.allCases) func twoPassesAlertOnceAndOnlyOnNewActors(engine: StateEngine) async throws {
        let rig = try await Rig(engine: engine)
        defer { Task { await rig.server.stop() } }
        let old = Date().addingTimeInterval(-8 * 86_400)
        await rig.server.set("/a.xml", RSS.document(title: "Feed A", [
            .init("i1", "Hamas delegation arrives in Doha"),
            .init("i2", "Weather report", "Sunny in Jerusalem"),
            .init("i3", "Hamas statement", "An old item", published: old),
        ]))
        await rig.server.set("/b.xml", RSS.document(title: "Feed B", [.init("i4", "Shin Bet chief resigns")]))
        let first = try await rig.once()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("feeds:  2 (2 ok, 0 not modified, 0 failed)"))
        #expect(first.stdout.contains("items:  4 new, 0 changed"))
        #expect(first.stdout.contains("alerts: 2 written"))
        let firstAlerts = try rig.alerts()
        #expect(Self.pairs(firstAlerts) == ["i1/hamas", "i1/qatar", "i4/shin-bet"])
        let a1 = try #require(firstAlerts.first { $0.item.key == "i1" })
        #expect(a1.feed.url == rig.server.url("/a.xml"))
        #expect(a1.feed.title == "Feed A")
        #expect(a1.feed.tags == ["test"])
        #expect(a1.item.link == "https://example.org/i1")
        #expect(a1.actors.map(\.id) == ["hamas", "qatar"])
        #expect(a1.actors[1].mentions.first?.text == "Doha")

        // i1 changes and brings Netanyahu; i2 and b.xml are unchanged; i5 is new.
        await rig.server.set("/a.xml", RSS.document(title: "Feed A", [
            .init("i1", "Hamas delegation arrives in Doha", "Netanyahu responds"),
            .init("i2", "Weather report", "Sunny in Jerusalem"),
            .init("i5", "Qatar hosts talks"),
        ]))
        let second = try await rig.once()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("items:  1 new, 1 changed"))
        let secondAlerts = try rig.alerts()
        #expect(Self.pairs(Array(secondAlerts.dropFirst(firstAlerts.count))) == ["i1/netanyahu+", "i5/qatar"])

        // Nothing changed: nothing is written.
        let third = try await rig.once()
        #expect(third.status == 0)
        #expect(try rig.alerts().count == secondAlerts.count)
    }

    /// Issue 13: text that only a secondary element held (`media:description`, `itunes:summary`,
    /// `dc:description`) alerts; a second text beside the description is its own field `extra`.
    @Test func fallbackElementsAlert() async throws {
        let rig = try await Rig(feeds: ["/a.xml"])
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1" xmlns:media="http://search.yahoo.com/mrss"
                 xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"><channel><title>Fallbacks</title>
            <item><guid>m1</guid><title>Video</title><media:group><media:description>Hamas video</media:description></media:group></item>
            <item><guid>d1</guid><title>Wire</title><dc:description>Talks in Doha</dc:description></item>
            <item><guid>p1</guid><title>Episode</title><description>Show notes</description><itunes:summary>Shin Bet interview</itunes:summary></item>
            </channel></rss>
            """)
        let result = try await rig.once()
        #expect(result.status == 0, "\(result.stderr)")
        let alerts = try rig.alerts()
        #expect(Self.pairs(alerts) == ["d1/qatar", "m1/hamas", "p1/shin-bet"])
        let fields = alerts.flatMap { alert in alert.actors.flatMap { $0.mentions.map { "\(alert.item.key)/\($0.field)" } } }
        #expect(fields.sorted() == ["d1/summary", "m1/summary", "p1/extra"])
    }

    @Test(arguments: StateEngine.allCases) func watchlistChangeFindsNewActorsButNeverRepeatsOldPairs(engine: StateEngine) async throws {
        let rig = try await Rig(feeds: ["/a.xml"], engine: engine)
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas and Qatar"), .init("i2", "Weather in Doha")]))
        #expect(try await rig.once().status == 0)
        #expect(Self.pairs(try rig.alerts()) == ["i1/hamas", "i1/qatar", "i2/qatar"])
        try rig.dir.write("watchlist.yaml", Self.watchlist + "\n  - {id: weather, name: Weather, kind: other}\n")
        #expect(try await rig.once().status == 0)
        #expect(Self.pairs(try rig.alerts()) == ["i1/hamas", "i1/qatar", "i2/qatar", "i2/weather+"])
    }

    @Test(arguments: StateEngine.allCases) func dueTimesAreRespectedWithoutAll(engine: StateEngine) async throws {
        let rig = try await Rig(feeds: ["/a.xml"], extraConfig: "interval: 1h\n", engine: engine)
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas")]))
        #expect(try await rig.once([]).status == 0)
        let again = try await rig.once([])
        #expect(again.stdout.contains("feeds:  0 "))
        #expect(await rig.server.requests("/a.xml") == 1)
    }

    @Test(arguments: StateEngine.allCases) func alertLogWriteFailuresDeferAlertsToALaterPass(engine: StateEngine) async throws {
        let rig = try await Rig(feeds: ["/a.xml"], engine: engine)
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas"), .init("i2", "Doha")]))
        // Every write to /dev/full fails with ENOSPC, like a full disk.
        let full = try await rig.once(["--all", "--alerts", "/dev/full"])
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stdout.contains("alerts: 0 written, 2 deferred"))
        #expect(full.stdout.contains("alert log: alert log /dev/full: cannot write: No space left on device"))
        // Space is back: both alerts arrive, exactly once.
        #expect(try await rig.once().status == 0)
        #expect(Self.pairs(try rig.alerts()) == ["i1/hamas", "i2/qatar"])
        #expect(try await rig.once().status == 0)
        #expect(try rig.alerts().count == 2)
    }

    @Test func aSecondPipelineOnTheSameStateIsRefused() async throws {
        let rig = try await Rig(feeds: ["/a.xml"])
        defer { Task { await rig.server.stop() } }
        let lock = rig.dir.path + "/state.sqlite.lock"
        let holder = try ChildProcess("/usr/bin/flock", [lock, "sleep", "30"])
        try await Task.sleep(for: .milliseconds(200))
        let refused = try await rig.once()
        holder.signal(SIGKILL)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("another feedwatch is already using \(rig.dir.path)/state.sqlite"))
    }

    @Test func corruptStateIsAnErrorNotAFreshStart() async throws {
        let rig = try await Rig(feeds: ["/a.xml"])
        defer { Task { await rig.server.stop() } }
        try rig.dir.write("state.sqlite", String(repeating: "not a database ", count: 200))
        let result = try await rig.once()
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(rig.dir.path)/state.sqlite"))
        #expect(try rig.alerts().isEmpty)
    }
}

/// `feedwatch parse URL` fetches with the daemon's fetcher, honouring the proxy environment.
struct ParseURLTests {
    @Test func parsesAFetchedFeed() async throws {
        let server = try await FeedServer()
        defer { Task { await server.stop() } }
        await server.set("/a.xml", RSS.document(title: "Remote", [.init("i1", "Hamas statement")]))
        let child = try ChildProcess(Products.feedwatch, ["parse", server.url("/a.xml"), "--json"])
        #expect(await child.waitForExit() == 0, "\(child.stderr)")
        #expect(child.stdout.contains("\"title\":\"Hamas statement\""))
    }

    @Test func usesTheProxyFromTheEnvironment() async throws {
        let proxy = try await FeedServer()
        defer { Task { await proxy.stop() } }
        await proxy.set("/feed.xml", RSS.document(title: "Via proxy", [.init("p1", "Qatar talks")]))
        let child = try ChildProcess(Products.feedwatch, ["parse", "http://feeds.invalid/feed.xml"],
                                     environment: ["http_proxy": proxy.url(""), "no_proxy": ""])
        #expect(await child.waitForExit() == 0, "\(child.stderr)")
        #expect(child.stdout.contains("Qatar talks"))
        #expect(await proxy.proxiedURLs() == ["http://feeds.invalid/feed.xml"])
    }

    @Test func fetchFailuresAreNamed() async throws {
        let child = try ChildProcess(Products.feedwatch, ["parse", "http://127.0.0.1:1/feed"])
        #expect(await child.waitForExit() == 1)
        #expect(child.stderr.hasPrefix("feedwatch parse: http://127.0.0.1:1/feed: connection failed"))
    }
}
