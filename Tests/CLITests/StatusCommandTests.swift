import Foundation
import Testing
import TestSupport

/// `feedwatch status` as a real child process, on a state file written by a real `feedwatch once`
/// against a real HTTP server.
struct StatusCommandTests {
    /// Feeds: "/a.xml" (named, two items, one alert), "/b.xml" (404: failed), and whatever the test adds.
    struct Rig {
        let dir: TemporaryDirectory
        let server: FeedServer
        var state: String { dir.path + "/state.sqlite" }
        var configFile: String { dir.path + "/feedwatch.yaml" }

        init() async throws {
            dir = try TemporaryDirectory()
            server = try await FeedServer()
            try dir.write("watchlist.yaml", "actors:\n  - {id: hamas, name: Hamas, kind: group}\n")
            await server.set("/a.xml", RSS.document([.init("i1", "Hamas statement"), .init("i2", "Weather")]))
            try config(["/a.xml", "/b.xml"])
        }

        /// Rewrites the config with these feeds; "/a.xml" is named "Feed A".
        func config(_ paths: [String]) throws {
            let feeds = paths.map { path in
                "  - url: \(server.url(path))\n" + (path == "/a.xml" ? "    name: Feed A\n" : "")
            }.joined()
            try dir.write("feedwatch.yaml", """
                watchlist: watchlist.yaml
                alerts: alerts.jsonl
                state: state.sqlite
                interval: 1h
                feeds:
                \(feeds)
                """)
        }

        func once(_ extra: [String] = []) async throws {
            let child = try ChildProcess(Products.feedwatch, ["once", "--config", configFile] + extra)
            let status = await child.waitForExit()
            #expect(status == 0, "\(child.stderr)")
        }

        func status(_ arguments: [String] = [], withConfig: Bool = true) throws -> ProcessOutput {
            try runProcess(Products.feedwatch, ["status"] + (withConfig ? ["--config", configFile] : []) + arguments,
                           currentDirectory: dir.path)
        }
    }

    /// The table's line for a feed, split on runs of two or more spaces into its cells.
    static func cells(_ output: String, _ feed: String) throws -> [String] {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix(feed + "  ") })
        return line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func json(_ output: String) throws -> [[String: Any]] {
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8))
        return try #require(parsed as? [[String: Any]])
    }

    @Test func tableShowsEveryConfiguredFeedWithItsState() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        try await rig.once()
        try rig.config(["/a.xml", "/b.xml", "/c.xml"])
        let out = try rig.status()
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("FEED "))
        #expect(try Self.cells(out.stdout, "FEED")
                == ["FEED", "STATUS", "LAST SUCCESS", "LAST ERROR", "FAILS", "NEXT DUE", "ITEMS", "ALERTS"])

        let a = try Self.cells(out.stdout, "Feed A")
        #expect(a.count == 8 && a[1] == "ok" && a[3] == "-" && a[4] == "0" && a[6] == "2" && a[7] == "1", "\(a)")
        #expect(a[2] == "just now" || a[2].hasSuffix("s ago"), "\(a)")
        // Due again after the 1h interval (with at most a little jitter).
        #expect(a[5].hasPrefix("in 5") || a[5].hasPrefix("in 1h"), "\(a)")

        let b = try Self.cells(out.stdout, rig.server.url("/b.xml"))
        #expect(b[1] == "error" || b[1].hasPrefix("failing"), "\(b)")
        #expect(b[2] == "never", "\(b)")
        #expect(b[3].contains("404"), "\(b)")
        #expect(b[4] == "1", "\(b)")
        #expect(b[5].hasPrefix("in "), "\(b)")

        let c = try Self.cells(out.stdout, rig.server.url("/c.xml"))
        #expect(c == [rig.server.url("/c.xml"), "never fetched", "never", "-", "0", "due now", "0", "0"])
        #expect(out.stdout.contains("3 feeds: 1 ok, 1 error, 1 never fetched; state \(rig.state)"), "\(out.stdout)")
    }

    @Test func failingShowsOnlyTroubledFeeds() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        try await rig.once()
        let out = try rig.status(["--failing"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains(rig.server.url("/b.xml")))
        #expect(!out.stdout.contains("Feed A"))

        // b is in backoff: only --all fetches it now.
        await rig.server.set("/b.xml", RSS.document([.init("j1", "Nothing")]))
        try await rig.once(["--all"])
        let healthy = try rig.status(["--failing"])
        #expect(healthy.status == 0)
        #expect(healthy.stdout == "no troubled feeds (2 feeds: 2 ok)\n", "\(healthy.stdout)")
        #expect(try Self.json(try rig.status(["--failing", "--json"]).stdout).isEmpty)
    }

    @Test func jsonHasEveryKeyForEveryFeed() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        try await rig.once()
        try rig.config(["/a.xml", "/b.xml", "/c.xml"])
        let out = try rig.status(["--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let rows = try Self.json(out.stdout)
        #expect(rows.map { $0["url"] as? String } == ["/a.xml", "/b.xml", "/c.xml"].map(rig.server.url))
        let keys: Set<String> = ["url", "name", "status", "in_config", "last_status", "last_attempt", "last_success",
                                 "last_error", "error_kind", "failing_reason", "consecutive_failures", "next_due",
                                 "permanent_redirect", "fetches", "failures", "items_seen", "items_stored", "alerts", "lease_owner"]
        for row in rows { #expect(Set(row.keys) == keys) }
        // One object per line, so `grep` works too.
        #expect(out.stdout.split(separator: "\n").count == rows.count + 2)

        let a = rows[0], b = rows[1], c = rows[2]
        #expect(a["name"] as? String == "Feed A")
        #expect(a["status"] as? String == "ok")
        #expect(a["last_status"] as? String == "ok")
        #expect(a["items_seen"] as? Int == 2 && a["items_stored"] as? Int == 2 && a["alerts"] as? Int == 1)
        #expect((a["last_success"] as? String)?.hasSuffix("Z") == true)
        #expect(a["last_error"] is NSNull)
        #expect(b["name"] is NSNull)
        #expect(b["consecutive_failures"] as? Int == 1 && b["failures"] as? Int == 1)
        #expect((b["last_error"] as? String)?.contains("404") == true)
        #expect(b["last_success"] is NSNull)
        #expect(c["status"] as? String == "never fetched" && c["last_attempt"] is NSNull && c["fetches"] as? Int == 0)
    }

    @Test func feedsLeftOutOfTheConfigAreMarked() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        try await rig.once()
        try rig.config(["/a.xml"])
        let out = try rig.status()
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try Self.cells(out.stdout, rig.server.url("/b.xml"))[1] == "not in config")
        #expect(out.stdout.contains("2 feeds: 1 ok, 1 not in config"), "\(out.stdout)")
    }

    @Test func stateAloneWorksWithoutAConfig() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        try await rig.once()
        try FileManager.default.removeItem(atPath: rig.configFile)
        let out = try rig.status(["--state", rig.state], withConfig: false)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.isEmpty, "\(out.stderr)")
        // Without the config there are no names: feeds show by URL.
        #expect(try Self.cells(out.stdout, rig.server.url("/a.xml"))[1] == "ok")
        #expect(try Self.cells(out.stdout, rig.server.url("/b.xml"))[1] == "error")
    }

    @Test func readsWhileAPipelineHoldsTheStateAndChangesNothing() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        try await rig.once()
        let before = try Data(contentsOf: URL(fileURLWithPath: rig.state))
        let holder = try ChildProcess("/usr/bin/flock", [rig.state + ".lock", "sleep", "30"])
        defer { holder.signal(SIGKILL) }
        try await Task.sleep(for: .milliseconds(200))
        let out = try rig.status()
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("Feed A"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: rig.state)) == before)
    }

    @Test func missingStateSaysHowToCreateIt() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        let out = try rig.status()
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr == "feedwatch: no state yet at \(rig.state): run feedwatch once or start the service\n")
    }

    @Test func aFileThatIsNotStateIsRefused() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        try rig.dir.write("state.sqlite", "not a database, just text that is long enough to have a header\n")
        let out = try rig.status()
        #expect(out.status == 1)
        #expect(out.stderr.contains("\(rig.state) is not a feedwatch state file"), "\(out.stderr)")
    }

    @Test func anUnusableConfigWithoutStateIsAnError() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        try rig.dir.write("feedwatch.yaml", "feeds: [\n")
        let out = try rig.status()
        #expect(out.status == 1)
        #expect(out.stderr.contains("feedwatch.yaml"), "\(out.stderr)")
        #expect(out.stderr.contains("give --state FILE"), "\(out.stderr)")
    }
}

/// A member of the service's group reads the state while the daemon is stopped: the state folder
/// is 0750 and not writable for them, so SQLite cannot create the WAL index beside the file.
/// Needs root to switch to another user.
@Suite(.enabled(if: getuid() == 0, "switching to user nobody needs root"))
struct StatusAsGroupMemberTests {
    @Test func readsAStateItCannotWriteBeside() async throws {
        let rig = try await StatusCommandTests.Rig()
        defer { Task { await rig.server.stop() } }
        // A folder name that must be escaped in SQLite's file: URI.
        let folder = rig.dir.path + "/state dir #1?%"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let state = folder + "/state.sqlite"
        let once = try runProcess(Products.feedwatch, ["once", "--config", rig.configFile, "--state", state])
        #expect(once.status == 0, "\(once.stderr)")
        #expect(!FileManager.default.fileExists(atPath: state + "-wal"))
        let binary = rig.dir.path + "/feedwatch"
        try FileManager.default.copyItem(atPath: Products.feedwatch, toPath: binary)
        let chmod = try runProcess("/bin/sh", ["-c", """
            chmod 0755 "$0" && chgrp nogroup "$1" "$1"/* && chmod 0750 "$1" && chmod 0640 "$1"/*
            """, rig.dir.path, folder])
        #expect(chmod.status == 0, "\(chmod.stderr)")
        let out = try runProcess("/usr/bin/setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                                     binary, "status", "--state", state],
                                 currentDirectory: rig.dir.path)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("2 feeds: 1 ok, 1 error; state \(state)"), "\(out.stdout)")
        // Nothing was created beside the files `once` left (the state, its lock, the compiled watchlist).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                == ["state.sqlite", "state.sqlite.lock", "state.sqlite.watchlist-cache"])
    }
}
