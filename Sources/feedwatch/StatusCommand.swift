import ArgumentParser
import FeedPipeline
import FeedState
import FeedwatchConfig
import Foundation

/// `feedwatch status`: how each feed is doing, read from the state file without disturbing a
/// running daemon.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each feed's last success, last error, failures, next due time and counts.",
        discussion: """
            Reads the state file read-only, so it is safe while the daemon runs. Feeds come from \
            the config (in its order) joined with the state; a configured feed the state has never \
            seen shows as "never fetched", a recorded feed no longer in the config as "not in \
            config". Times within a day show as relative ("2h ago", "in 4m"), older or later ones \
            as local date and time.

            --json prints one JSON array, one object per feed on its own line, every key always \
            present (null when unknown), times in RFC 3339 UTC: e.g. \
            feedwatch status --json | jq -r '.[] | select(.consecutive_failures > 0) | .url'

            Without a readable config, --state alone still shows the recorded feeds. Exits 1 when \
            the state file does not exist or cannot be read.
            """
    )

    /// Shared with the other commands (`--alerts` is accepted and has no effect here).
    @OptionGroup var options: ConfigOptions

    @Flag(name: .long, help: "Show only troubled feeds: marked failing, or failed since their last success.")
    var failing = false

    @Flag(name: .long, help: "Print one JSON array for scripts instead of the table.")
    var json = false

    func run() throws {
        let feeds = try loadFeeds()
        guard let statePath = options.state ?? feeds?.statePath else {
            // Unreachable: without a config, loadFeeds insists on --state.
            throw ValidationError("give --config or --state")
        }
        let (recorded, nodes) = try readState(statePath)
        var rows = StatusReport.rows(config: feeds?.list, state: recorded)
        let total = rows
        if failing { rows = rows.filter(\.isTroubled) }
        if json {
            print(try StatusJSON.render(rows), terminator: "")
            return
        }
        let table = StatusTable(time: RelativeTime(now: Int64(Date().timeIntervalSince1970 * 1000)))
        if rows.isEmpty {
            print(failing ? "no troubled feeds (\(StatusReport.summary(total)))" : "no feeds")
        } else {
            print(table.render(rows), terminator: "")
            print("\n\(StatusReport.summary(total)); state \(StateLocation(statePath))")
        }
        for note in table.notes(rows) { print(note) }
        for line in ClusterStatus.lines(nodes, now: Int64(Date().timeIntervalSince1970 * 1000), time: table.time) {
            print(line)
        }
    }

    /// The config's feeds and state path; nil when only `--state` was given and no config is
    /// usable (the status of a state file must not depend on an editable config being valid).
    private func loadFeeds() throws -> (list: [FeedSource], statePath: String)? {
        let file = options.configFile
        let explicit = options.config != nil || Environment.current["FEEDWATCH_CONFIG"] != nil
        if options.state != nil && !explicit && !FileManager.default.fileExists(atPath: file) { return nil }
        do {
            let loaded = try ConfigLoader.load(file: file, overrides: options.overrides,
                                               environment: Environment.current)
            return (loaded.value.feeds, loaded.value.statePath)
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            guard options.state != nil else {
                StandardError.write("feedwatch: cannot use \(file); give --state FILE to read a state file alone\n")
                throw ExitCode(1)
            }
            StandardError.write("feedwatch: \(file) is unusable; showing the state file alone\n")
            return nil
        }
    }

    /// The feeds' rows and, on a cluster's database, its nodes.
    private func readState(_ path: String) throws -> ([FeedStatus], [NodeHeartbeat]) {
        let location = StateLocation(path)
        if case .sqlite = location, !FileManager.default.fileExists(atPath: path) {
            StandardError.write("feedwatch: no state yet at \(path): run feedwatch once or start the service\n")
            throw ExitCode(1)
        }
        do {
            let store = try StateOpening.openReadOnly(location)
            return (try store.status(), try store.nodes())
        } catch {
            StandardError.write("feedwatch: \(error.description)\n")
            throw ExitCode(1)
        }
    }
}
