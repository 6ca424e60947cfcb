import ActorMatch
import ArgumentParser
import FeedwatchConfig

/// `feedwatch check`: validate the config, its OPML files and the watchlist before anything runs.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config, the OPML files it names and the watchlist.",
        discussion: """
            Prints a short summary and exits 0 when everything can be used; otherwise prints every \
            problem as file:line:column: message and exits 1. Warnings (exit status still 0) point \
            at things that are legal but probably unintended.
            """
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let loaded = try options.loadSetup(summarize: true)
        let setup = loaded.value
        // Matching-related warnings (aliases that fold together, very short or very common ones).
        var warnings = WatchlistLint.diagnostics(for: setup.watchlist)
        warnings.insert(contentsOf: loaded.warnings, at: 0)  // moves the lint's 44,000 rather than copying them
        DiagnosticPrinter.print(warnings)
        print(Summary(setup: setup, warnings: warnings.count).text)
        // The process ends when this returns: releasing 100,000 actors and 44,000 warnings one by
        // one first would only make it end later (tens of milliseconds at that size).
        _ = Unmanaged.passRetained(KeptUntilExit((loaded, warnings)))
    }
}

/// Values deliberately never released (see `CheckCommand.run`).
private final class KeptUntilExit<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The few lines `feedwatch check` prints on success.
struct Summary {
    var setup: Setup
    var warnings: Int

    var text: String {
        let config = setup.config
        let watchlist = setup.watchlist
        var local = 0, opml = 0
        for feed in config.feeds {
            switch feed.origin {
            case .path: local += 1
            case .opml: opml += 1
            case .url: if feed.allowsFile { local += 1 }
            }
        }
        var details: [String] = []
        if local > 0 { details.append("\(local) local") }
        if opml > 0 { details.append("\(opml) from OPML") }
        let feedDetail = details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"
        return """
            \(config.file): ok\(warnings > 0 ? " with \(warnings) warning\(warnings == 1 ? "" : "s")" : "")
              feeds:     \(config.feeds.count)\(feedDetail)
              watchlist: \(watchlist.file): \(watchlist.actors.count) actors, \(watchlist.aliasCount) aliases
              alerts:    \(config.alertsPath)
              state:     \(config.state)
            """
    }
}
