import AlertLog
import ArgumentParser
import FeedPipeline
import FeedState
import FeedwatchConfig
import Foundation

/// `feedwatch tail`: read and follow the alert log in a form people read, or as raw lines for jq.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Show the latest alerts, optionally following the log as alerts arrive.",
        discussion: """
            Reads the alert log named by the config (or --alerts / --file). With -f it keeps \
            following the log across logrotate's renames and truncations, like tail -F. A line \
            still being written is waited for, never shown in part. Filters combine: an alert \
            is shown when it matches all of them (and any one of several --actor values).

            --file takes several files, as logrotate leaves them (e.g. --file \
            /var/log/feedwatch/alerts.jsonl*), gzip-compressed ones included; they are read in \
            the time order of their first alerts, whatever their names, and -f follows the \
            newest. The log is read from its end and reading stops once -n alerts are found or \
            --since is passed (alerts are written in time order, give or take a minute).
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Read these log files (repeatable; rotated and .gz ones too) instead of the config's.",
                               valueName: "path"))
    var file: [String] = []

    @Flag(name: [.short, .long], help: "Keep running and print alerts as they are appended.")
    var follow = false

    @Option(name: [.customShort("n"), .customLong("lines")], help: "How many of the latest matching alerts to show first.")
    var count = 10

    @Option(name: .long, help: ArgumentHelp("Only alerts naming this actor id (repeatable).", valueName: "id"))
    var actor: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only alerts with an actor of this kind (person, organization, country, place, group, other).", valueName: "kind"))
    var kind: String?

    @Option(name: .long, help: ArgumentHelp("Only alerts from this feed URL.", valueName: "url"))
    var feed: String?

    @Option(name: .long, help: ArgumentHelp("Only alerts detected within this long ago, e.g. 90m, 2h, 7d.", valueName: "duration"))
    var since: String?

    @Flag(name: .long, help: "Print the matching log lines unchanged (one JSON object per line, for jq).")
    var json = false

    @Flag(name: .long, help: "Read every node's alerts from the cluster's database (the config's PostgreSQL state) instead of a log file.")
    var cluster = false

    func validate() throws {
        if count < 0 { throw ValidationError("-n must be zero or more") }
        if let kind, ActorKind(rawValue: kind) == nil {
            throw ValidationError("--kind '\(kind)' is not one of \(ActorKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let since {
            do { _ = try Units.duration(since) } catch { throw ValidationError("--since: \(error.message)") }
        }
    }

    func run() async throws {
        if cluster { return try await runOnCluster() }
        let files = try LogFile.ordered(try logPaths())
        let query = AlertQuery(actors: Set(actor), kind: kind, feed: feed, notBefore: try notBefore())
        if follow, let live = files.last, live.gzip {
            throw ValidationError("-f follows the newest file, and \(live.path) is compressed")
        }
        let printer = AlertPrinter(json: json, color: isatty(1) == 1)
        for line in try LatestAlerts(count, matching: query, in: files).lines { printer.print(line) }
        guard follow, let live = files.last else { return }
        let follower = AlertLogFollower(path: live.path, fromStart: false)
        while !Task.isCancelled {
            for line in follower.poll() where query.accepts(line) { printer.print(line) }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// `--cluster`: the latest alerts and, with -f, new ones, from the database every node writes.
    private func runOnCluster() async throws {
        guard file.isEmpty else { throw ValidationError("--cluster reads the cluster's database; it takes no --file") }
        let config: Config
        do {
            config = try ConfigLoader.load(file: options.configFile, overrides: options.overrides,
                                           environment: Environment.current).value
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitCode(1)
        }
        guard case .postgres = config.state else {
            throw ValidationError("--cluster needs a PostgreSQL state (state: postgresql://…); \(config.state) is a file")
        }
        let tail: ClusterTail
        do {
            tail = ClusterTail(store: try StateOpening.openReadOnly(config.state),
                               query: AlertQuery(actors: Set(actor), kind: kind, feed: feed, notBefore: try notBefore()),
                               printer: AlertPrinter(json: json, color: isatty(1) == 1))
            let start = try tail.printLatest(count)
            if follow { try await tail.follow(from: start.horizon, skipping: start.shown) }
        } catch let error as StateError {
            StandardError.write("feedwatch: \(error.description)\n")
            throw ExitCode(1)
        }
    }

    private func logPaths() throws -> [String] {
        if !file.isEmpty { return file }
        if let alerts = options.alerts { return [alerts] }
        do {
            return [try ConfigLoader.load(file: options.configFile, environment: Environment.current).value.alertsPath]
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitCode(1)
        }
    }

    /// Unix milliseconds `--since` reaches back to.
    private func notBefore() throws -> Int64? {
        guard let since else { return nil }
        let window = try Units.duration(since)
        return Int64(Date().timeIntervalSince1970 * 1000) - window.components.seconds * 1000
    }
}
