import AlertLog
import ArgumentParser
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
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: ArgumentHelp("Read this log file instead of the config's.", valueName: "path"))
    var file: String?

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
        let path = try logPath()
        let filter = try AlertFilter(actors: Set(actor), kind: kind, feed: feed, since: since)
        let printer = AlertPrinter(json: json, color: isatty(1) == 1)
        for line in try latest(path: path, filter: filter) { printer.print(line) }
        guard follow else { return }
        let follower = AlertLogFollower(path: path, fromStart: false)
        while !Task.isCancelled {
            for line in follower.poll() where filter.accepts(line) { printer.print(line) }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    private func logPath() throws -> String {
        if let file { return file }
        if let alerts = options.alerts { return alerts }
        do {
            return try ConfigLoader.load(file: options.configFile, environment: Environment.current).value.alertsPath
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitCode(1)
        }
    }

    /// The last `count` matching lines, reading backwards in growing windows so a long log is not
    /// read whole for `-n 10`.
    private func latest(path: String, filter: AlertFilter) throws -> [ArraySlice<UInt8>] {
        guard count > 0 else { return [] }
        var window = 1 << 20
        while true {
            let lines = try AlertLogReader.tailLines(path: path, maxBytes: window)
            let matching = lines.filter { filter.accepts($0) }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if matching.count >= count || window >= size { return Array(matching.suffix(count)) }
            window *= 4
        }
    }
}

/// The `tail` filters, applied to raw lines (decoded only as far as needed).
struct AlertFilter {
    var actors: Set<String>
    var kind: String?
    var feed: String?
    var notBefore: Int64?

    init(actors: Set<String>, kind: String?, feed: String?, since: String?) throws {
        self.actors = actors
        self.kind = kind
        self.feed = feed
        if let since {
            let window = try Units.duration(since)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            notBefore = now - window.components.seconds * 1000
        }
    }

    func accepts(_ line: some Collection<UInt8>) -> Bool {
        let unfiltered = actors.isEmpty && kind == nil && feed == nil && notBefore == nil
        if unfiltered { return true }
        guard let alert = LoggedAlert.decode(line) else { return false }
        if !actors.isEmpty, !alert.actors.contains(where: { actors.contains($0.id) }) { return false }
        if let kind, !alert.actors.contains(where: { $0.kind == kind }) { return false }
        if let feed, alert.feed.url != feed { return false }
        if let notBefore, (alert.detectedMilliseconds ?? 0) < notBefore { return false }
        return true
    }
}
