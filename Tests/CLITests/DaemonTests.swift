import AlertLog
import Foundation
import Testing
import TestSupport

/// `feedwatch run` as a real child process: notify protocol, reloads, rotation, stop, lock.
struct DaemonTests {
    struct Rig {
        let dir: TemporaryDirectory
        let server: FeedServer
        let notify: NotifySocket
        let config: String
        var log: String { dir.path + "/alerts.jsonl" }

        init(watchlist: String = "actors:\n  - {id: hamas, name: Hamas}\n", extraConfig: String = "",
             interval: String = "1s", feeds: [String] = ["/a.xml"]) async throws {
            let dir = try TemporaryDirectory()
            let server = try await FeedServer()
            self.dir = dir
            self.server = server
            notify = try NotifySocket(directory: dir.path)
            try dir.write("watchlist.yaml", watchlist)
            config = try dir.write("feedwatch.yaml", """
                watchlist: watchlist.yaml
                alerts: alerts.jsonl
                state: state.sqlite
                interval: \(interval)
                \(extraConfig)feeds:
                \(feeds.map { "  - \(server.url($0))" }.joined(separator: "\n"))
                """)
        }

        func start(watchdogMicroseconds: Int? = nil) throws -> ChildProcess {
            var environment = ["NOTIFY_SOCKET": notify.path]
            if let watchdogMicroseconds { environment["WATCHDOG_USEC"] = String(watchdogMicroseconds) }
            return try ChildProcess(Products.feedwatch, ["run", "--config", config, "--log-level", "debug"],
                                    environment: environment)
        }

        func pairs() -> [String] {
            guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").compactMap { LoggedAlert.decode(Array($0.utf8)) }
                .flatMap { alert in alert.actors.map { "\(alert.item.key)/\($0.id)" } }.sorted()
        }

        /// Waits until the alert log holds exactly `expected` pairs (sorted).
        func waitForPairs(_ expected: [String], timeout: Duration = .seconds(15)) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if pairs() == expected { return true }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return pairs() == expected
        }
    }

    @Test func notifyLifecycleAndGracefulStop() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement")]))
        let daemon = try rig.start(watchdogMicroseconds: 400_000)
        let ready = try #require(await rig.notify.waitFor("READY=1"))
        #expect(rig.notify.messages[ready].contains("STATUS=1 feeds, 0 failing"))
        #expect(await rig.waitForPairs(["i1/hamas"]))
        // Pings at half the watchdog interval while the scheduler runs.
        let firstPing = try #require(await rig.notify.waitFor("WATCHDOG=1"))
        #expect(await rig.notify.waitFor("WATCHDOG=1", after: firstPing + 1) != nil)
        // The STATUS line after the pass counts the alert.
        #expect(await rig.notify.waitForStatus { $0.hasPrefix("1 feeds, 0 failing, 1 alerts today, last pass ") })
        let before = rig.notify.messages.count
        daemon.signal(SIGHUP)
        let reloadIndex = try #require(await rig.notify.waitFor("RELOADING=1", after: before))
        #expect(rig.notify.messages[reloadIndex].contains("MONOTONIC_USEC="))
        #expect(await rig.notify.waitFor("READY=1", after: reloadIndex + 1) != nil)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        #expect(rig.notify.messages.contains { $0.contains("STOPPING=1") })
        #expect(daemon.stderr.contains("INFO stopped"))
    }

    /// A restart, and a reload that left the watchlist alone, load the compiled watchlist the
    /// first start stored; an edited watchlist is read from the YAML again.
    @Test func restartAndUnchangedReloadUseTheCompiledWatchlist() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement")]))
        let first = try rig.start()
        #expect(await first.waitForStderr { $0.contains("started: 1 feeds, 1 actors, alerts to") })
        #expect(await rig.waitForPairs(["i1/hamas"]))
        let cache = rig.dir.path + "/state.sqlite.watchlist-cache"
        let deadline = ContinuousClock.now + .seconds(10)
        while !FileManager.default.fileExists(atPath: cache), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        first.signal(SIGHUP)
        #expect(await first.waitForStderr { $0.contains("reload ok (SIGHUP): 1 feeds, 1 actors, 1 aliases, compiled watchlist from the cache") })
        first.signal(SIGTERM)
        #expect(await first.waitForExit() == 0)

        let second = try rig.start()
        #expect(await second.waitForStderr { $0.contains("started: 1 feeds, 1 actors (compiled watchlist from the cache)") })
        try rig.dir.write("watchlist.yaml", "actors:\n  - {id: hamas, name: Hamas}\n  - {id: qatar, name: Qatar}\n")
        second.signal(SIGHUP)
        #expect(await second.waitForStderr { $0.contains("reload ok (SIGHUP): 1 feeds, 2 actors, 2 aliases\n") })
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement"), .init("i2", "Qatar talks")]))
        #expect(await rig.waitForPairs(["i1/hamas", "i2/qatar"]))
        second.signal(SIGTERM)
        #expect(await second.waitForExit() == 0)
    }

    @Test func reloadSwapsTheWatchlistAndABrokenEditKeepsTheOldOne() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement")]))
        let daemon = try rig.start()
        #expect(await rig.waitForPairs(["i1/hamas"]))
        // A broken edit: logged with file:line:column, the daemon keeps running on the old matcher.
        try rig.dir.write("watchlist.yaml", "actors:\n  - {id: qatar, name: Qatar, aliases: []}\n")
        daemon.signal(SIGHUP)
        #expect(await daemon.waitForStderr { $0.contains("reload rejected: \(rig.dir.path)/watchlist.yaml:2:39: actor 'qatar': alias list is empty") })
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement"), .init("i2", "Hamas and Qatar")]))
        #expect(await rig.waitForPairs(["i1/hamas", "i2/hamas"]))
        // A valid edit is swapped in; pairs already alerted never repeat.
        try rig.dir.write("watchlist.yaml", "actors:\n  - {id: hamas, name: Hamas}\n  - {id: qatar, name: Qatar}\n")
        daemon.signal(SIGHUP)
        #expect(await daemon.waitForStderr { $0.contains("reload ok (SIGHUP): 1 feeds, 2 actors") })
        #expect(await rig.waitForPairs(["i1/hamas", "i2/hamas", "i2/qatar"]))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    @Test func watchConfigReloadsOnEdit() async throws {
        let rig = try await Rig(extraConfig: "watch_config: true\n")
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Qatar talks")]))
        let daemon = try rig.start()
        #expect(await rig.notify.waitFor("READY=1") != nil)
        try rig.dir.write("watchlist.yaml", "actors:\n  - {id: qatar, name: Qatar}\n")
        #expect(await daemon.waitForStderr { $0.contains("reload ok (config files changed)") })
        #expect(await rig.waitForPairs(["i1/qatar"]))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    @Test func sigusr1ReopensTheAlertLogAfterRotation() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement")]))
        let daemon = try rig.start()
        #expect(await rig.waitForPairs(["i1/hamas"]))
        try FileManager.default.moveItem(atPath: rig.log, toPath: rig.log + ".1")
        daemon.signal(SIGUSR1)
        #expect(await daemon.waitForStderr { $0.contains("alert log reopened") })
        #expect(FileManager.default.fileExists(atPath: rig.log))
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement"), .init("i2", "Hamas again")]))
        #expect(await rig.waitForPairs(["i2/hamas"]))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        #expect(try String(contentsOfFile: rig.log + ".1", encoding: .utf8).split(separator: "\n").count == 1)
    }

    @Test func aSecondInstanceIsRefused() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document([.init("i1", "Hamas statement")]))
        let daemon = try rig.start()
        #expect(await rig.notify.waitFor("READY=1") != nil)
        let second = try ChildProcess(Products.feedwatch, ["run", "--config", rig.config])
        #expect(await second.waitForExit() == 1)
        #expect(second.stderr.contains("another feedwatch is already using \(rig.dir.path)/state.sqlite (pid \(daemon.pid))"))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    @Test func invalidConfigFailsAtStartWithThePlace() async throws {
        let dir = try TemporaryDirectory()
        try dir.write("watchlist.yaml", "actors: []\n")
        let config = try dir.write("feedwatch.yaml", "interval: soon\n")
        let daemon = try ChildProcess(Products.feedwatch, ["run", "--config", config])
        #expect(await daemon.waitForExit() == 1)
        #expect(daemon.stderr.contains("\(config):1:11: interval: 'soon' is not a duration"))
    }
}
