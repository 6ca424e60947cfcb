import Foundation
import Testing
import TestSupport

/// `feedwatch check` and the top-level options, run as a real child process.
struct CheckCommandTests {
    /// The repository root, found from this file's path, so the shipped config is tested as shipped.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func shippedConfigIsValid() throws {
        let result = try runProcess(Products.feedwatch, ["check", "--config", "Config/feedwatch.yaml"],
                                    environment: ["HOME": "/home/test", "XDG_STATE_HOME": ""], currentDirectory: Self.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Config/feedwatch.yaml: ok"))
        #expect(result.stdout.contains("watchlist: Config/watchlist.yaml:"))
        #expect(result.stdout.contains("alerts:    /home/test/.local/state/feedwatch/alerts.jsonl"))
    }

    @Test func systemdDirectoriesAndOverrides() throws {
        let result = try runProcess(Products.feedwatch, ["check", "--config", "Config/feedwatch.yaml", "--state", "/tmp/s.db"],
                                    environment: ["LOGS_DIRECTORY": "/var/log/feedwatch", "STATE_DIRECTORY": "/var/lib/feedwatch"],
                                    currentDirectory: Self.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("alerts:    /var/log/feedwatch/alerts.jsonl"))
        #expect(result.stdout.contains("state:     /tmp/s.db"))
    }

    @Test func brokenFilesExitOneWithEveryProblem() throws {
        let dir = try TemporaryDirectory()
        try dir.write("watchlist.yaml", "actors:\n  - id: hamas\n    name: Hamas\n    aliases: []\n  - id: hamas\n    name: Again\n")
        let config = try dir.write("feedwatch.yaml", "interval: 15\nfeeds:\n  - url: gopher://old.example/feed\n")
        let result = try runProcess(Products.feedwatch, ["check", "--config", config])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            \(config):1:11: interval: '15' is not a duration (missing unit; use ms, s, m, h, d or w, e.g. 90s, 15m, 2h, 7d)
            \(config):3:10: warning: feed #1: URL scheme 'gopher' is not http, https or file; fetching it will fail
            \(dir.path)/watchlist.yaml:4:14: actor 'hamas': alias list is empty (remove 'aliases:' to use the name as the only alias)
            \(dir.path)/watchlist.yaml:5:5: duplicate actor id 'hamas' (first defined at \(dir.path)/watchlist.yaml:2:5)
            \(config): 3 errors, 1 warning

            """)
    }

    @Test func missingConfig() throws {
        let result = try runProcess(Products.feedwatch, ["check", "--config", "/nonexistent/feedwatch.yaml"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("/nonexistent/feedwatch.yaml:1:1: cannot read config file: no such file or directory\n"))
    }

    @Test func versionAndHelp() throws {
        let version = try runProcess(Products.feedwatch, ["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
        let help = try runProcess(Products.feedwatch, ["check", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--config <file>"))
        #expect(help.stdout.contains("Validate the config"))
    }
}
