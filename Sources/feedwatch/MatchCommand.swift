import ActorMatch
import ArgumentParser
import FeedwatchConfig
import Foundation

/// `feedwatch match`: try the watchlist on text, to tune aliases or script the matcher.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Show which watched actors a text mentions.",
        discussion: """
            Matches each TEXT argument as one document; without arguments reads standard input, \
            one document per line. The watchlist comes from --watchlist, or from the config \
            (--config, default $FEEDWATCH_CONFIG, else Config/feedwatch.yaml).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The watchlist file to match against.", valueName: "file"))
    var watchlist: String?

    @Option(name: .long, help: ArgumentHelp(
        "The config file naming the watchlist (default: $FEEDWATCH_CONFIG, else Config/feedwatch.yaml).",
        valueName: "file"))
    var config: String?

    @Flag(name: .long, help: "Print one JSON object per document instead of text.")
    var json = false

    @Flag(name: .long, help: "Also show near misses: case-mode rejections, unmet 'requires', 'exclude' suppressions.")
    var explain = false

    @Option(name: .customLong("lang"), help: ArgumentHelp(
        "The text's language (de, ru-RU, …), as a feed would declare it: adds that language's inflection rules (de, ru, uk). Hebrew and Arabic script rules apply without it.",
        valueName: "code"))
    var language: String?

    @Argument(help: ArgumentHelp("Documents to match (default: standard input, one per line).", valueName: "text"))
    var texts: [String] = []

    func validate() throws {
        if watchlist != nil && config != nil {
            throw ValidationError("give either --watchlist or --config, not both")
        }
        if let language, LanguageCode.primary(language) == nil {
            throw ValidationError("--lang '\(language)' is not a language tag (expected a code such as de, ru or de-DE)")
        }
    }

    func run() throws {
        let matcher = Matcher(watchlist: try loadWatchlist())
        let output = MatchOutput(json: json, explain: explain)
        var number = 0
        func handle(_ text: String) {
            number += 1
            let fields = [TextField(name: "text", text: text)]
            let result = explain ? matcher.explain(fields, language: language)
                : MatchExplanation(hits: matcher.match(fields, language: language), nearMisses: [])
            print(output.render(document: number, text: text, result: result, watchlist: matcher.watchlist))
        }
        if texts.isEmpty {
            while let line = readLine(strippingNewline: true) { handle(line) }
        } else {
            texts.forEach(handle)
        }
    }

    private func loadWatchlist() throws -> Watchlist {
        do {
            if let watchlist { return try WatchlistLoader.load(file: watchlist).value }
            let file = config ?? Environment.current["FEEDWATCH_CONFIG"] ?? "Config/feedwatch.yaml"
            let loaded = try ConfigLoader.load(file: file, environment: Environment.current)
            return try WatchlistLoader.load(file: loaded.value.watchlistPath).value
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitCode(1)
        }
    }
}
