import FeedwatchConfig
import Testing
import TestSupport

struct ConfigLoaderTests {
    @Test func readsEveryKey() throws {
        let loaded = try config("""
            watchlist: lists/actors.yaml
            alerts: /var/log/fw/alerts.jsonl
            state: ~/fw/state.sqlite
            interval: 10m
            max_item_age: 3d
            fetch:
              concurrency: 8
              per_host: 1
              timeout: 20s
              connect_timeout: 5s
              max_bytes: 512KiB
              user_agent: "fw-test/1.0"
            feeds:
              - url: https://www.aljazeera.com/xml/rss/all.xml
                name: Al Jazeera
                interval: 5m
                tags: [mideast, english]
              - url: file:///srv/feeds/local.xml
              - https://example.org/short.xml
            """)
        let c = loaded.value
        #expect(loaded.warnings.isEmpty)
        #expect(c.watchlistPath == "lists/actors.yaml")
        #expect(c.alertsPath == "/var/log/fw/alerts.jsonl")
        #expect(c.statePath == "/home/ana/fw/state.sqlite")
        #expect(c.interval == .seconds(600))
        #expect(c.maxItemAge == .seconds(3 * 86_400))
        #expect(c.fetch.concurrency == 8)
        #expect(c.fetch.perHost == 1)
        #expect(c.fetch.timeout == .seconds(20))
        #expect(c.fetch.connectTimeout == .seconds(5))
        #expect(c.fetch.maxBytes == 524_288)
        #expect(c.fetch.userAgent == "fw-test/1.0")
        #expect(c.feeds.map(\.url) == ["https://www.aljazeera.com/xml/rss/all.xml", "file:///srv/feeds/local.xml",
                                       "https://example.org/short.xml"])
        let first = c.feeds[0]
        #expect(first.name == "Al Jazeera")
        #expect(first.interval == .seconds(300))
        #expect(first.tags == ["mideast", "english"])
        #expect(first.origin == .url)
        #expect(first.location == SourceLocation(file: "c.yaml", line: 14, column: 10))
        #expect(c.feeds[1].allowsFile)
        #expect(!first.allowsFile)
    }

    @Test func defaultsWhenKeysAreAbsent() throws {
        let c = try config("feeds: []\n").value
        let fresh = FetchSettings()
        #expect(c.watchlistPath == "watchlist.yaml")
        #expect(c.interval == .seconds(900))
        #expect(c.maxItemAge == .seconds(7 * 86_400))
        #expect(c.fetch == fresh)
        #expect(fresh.concurrency == 16 && fresh.perHost == 2 && fresh.maxBytes == 16 << 20)
        #expect(fresh.timeout == .seconds(30) && fresh.connectTimeout == .seconds(10))
        #expect(fresh.userAgent.hasPrefix("feedwatch/\(FeedwatchVersion.current) (+"))
        #expect(c.alertsPath == "/home/ana/.local/state/feedwatch/alerts.jsonl")
        #expect(c.statePath == "/home/ana/.local/state/feedwatch/state.sqlite")
    }

    @Test func systemdDirectoriesWinOverXDG() throws {
        let env = ["HOME": "/home/ana", "XDG_STATE_HOME": "/xdg", "LOGS_DIRECTORY": "/var/log/feedwatch",
                   "STATE_DIRECTORY": "/var/lib/feedwatch:/var/lib/other"]
        let c = try config("feeds: []\n", environment: env).value
        #expect(c.alertsPath == "/var/log/feedwatch/alerts.jsonl")
        #expect(c.statePath == "/var/lib/feedwatch/state.sqlite")
    }

    @Test func xdgStateHome() throws {
        let c = try config("feeds: []\n", environment: ["HOME": "/home/ana", "XDG_STATE_HOME": "/xdg"]).value
        #expect(c.alertsPath == "/xdg/feedwatch/alerts.jsonl")
        #expect(c.statePath == "/xdg/feedwatch/state.sqlite")
    }

    @Test func configKeysBeatEnvironmentAndOptionsBeatBoth() throws {
        let env = ["LOGS_DIRECTORY": "/var/log/feedwatch", "STATE_DIRECTORY": "/var/lib/feedwatch"]
        let yaml = "alerts: mine.jsonl\nstate: mine.sqlite\nfeeds: []\n"
        let fromFile = try config(yaml, environment: env).value
        #expect(fromFile.alertsPath == "mine.jsonl")
        #expect(fromFile.statePath == "mine.sqlite")
        let fromOptions = try config(yaml, environment: env, overrides: PathOverrides(alerts: "/tmp/a", state: "/tmp/s")).value
        #expect(fromOptions.alertsPath == "/tmp/a")
        #expect(fromOptions.statePath == "/tmp/s")
    }

    @Test func relativePathsResolveAgainstTheConfigFolder() throws {
        let dir = try TemporaryDirectory()
        try dir.write("conf/samples/world.xml", "<rss/>")
        try dir.write("conf/w.yaml", "actors: []\n")
        let file = try dir.write("conf/feedwatch.yaml", "watchlist: w.yaml\nalerts: ../logs/a.jsonl\nfeeds:\n  - path: samples/world.xml\n")
        let c = try ConfigLoader.load(file: file, environment: [:]).value
        #expect(c.watchlistPath == "\(dir.path)/conf/w.yaml")
        #expect(c.alertsPath == "\(dir.path)/conf/../logs/a.jsonl")
        #expect(c.feeds.map(\.url) == ["file://\(dir.path)/conf/samples/world.xml"])
        #expect(c.feeds[0].origin == .path)
        #expect(c.feeds[0].allowsFile)
    }

    @Test func fileURLsAreEscaped() {
        #expect(FeedURL.fileURL(path: "/srv/my feeds/ü.xml") == "file:///srv/my%20feeds/%C3%BC.xml")
    }

    @Test func warnings() throws {
        let loaded = try config("""
            fetch:
              concurrency: 2
              per_host: 4
            feeds:
              - url: ftp://example.org/feed.xml
              - path: /nonexistent/feed.xml
            """)
        #expect(loaded.warnings.map(\.description) == [
            "c.yaml:3:13: warning: fetch: per_host (4) is above concurrency (2); concurrency is the limit",
            "c.yaml:5:10: warning: feed #1: URL scheme 'ftp' is not http, https or file; fetching it will fail",
            "c.yaml:6:11: warning: feed #2: /nonexistent/feed.xml does not exist (yet)",
        ])
    }

    @Test func missingFeedsListIsAWarning() throws {
        let loaded = try config("interval: 5m\n")
        #expect(loaded.warnings.map(\.description) == ["c.yaml:1:1: warning: config has no 'feeds:' list: nothing will be fetched"])
    }
}
