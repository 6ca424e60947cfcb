import ArgumentParser
import FeedwatchConfig

/// The `feedwatch` command: one subcommand per thing an operator does with the daemon.
@main
struct Feedwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedwatch",
        abstract: "Watch news feeds for mentions of people, organisations and countries.",
        discussion: """
            feedwatch fetches RSS, Atom and JSON feeds, finds mentions of the actors in a \
            watchlist and appends one JSON line per alert to a log.
            """,
        version: FeedwatchVersion.current,
        subcommands: [
            CheckCommand.self,
            TailCommand.self,
            MatchCommand.self,
            ParseCommand.self,
        ]
    )
}
