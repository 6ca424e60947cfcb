import ArgumentParser
import FeedPipeline
import FeedwatchConfig
import MetricsEndpoint
#if canImport(Glibc)
import Glibc
#endif

/// `feedwatch once`: one pass over the due feeds, then a one-screen summary.
struct OnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Fetch the due feeds once, write alerts, record state and print a summary.",
        discussion: """
            Exits 0 also when some feeds failed (they are listed and retried with backoff); \
            exits 1 only when the config, the watchlist, the state file or the alert log cannot \
            be used. Only one feedwatch may use a state file at a time.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Flag(name: .long, help: "Fetch every feed, not only the ones that are due.")
    var all = false

    @Option(name: .long, help: ArgumentHelp("Write the pass's metrics there in Prometheus text format (for node_exporter's textfile collector).",
                                            valueName: "file"))
    var metricsFile: String?

    func run() async throws {
        // Before anything records: the pipeline's handles bind to the backend when made.
        let metrics = metricsFile.map { _ in MetricsSetup.bootstrap(processMetrics: false) }
        let prepared = try options.prepareSetup()
        DiagnosticPrinter.print(prepared.loaded.warnings)
        try await pass(prepared)
        if let metrics, let metricsFile {
            do {
                try MetricsSetup.write(metrics, to: metricsFile)
            } catch {
                StandardError.write("feedwatch: cannot write \(metricsFile): \(error.localizedDescription)\n")
                throw ExitCode(1)
            }
        }
        // The state is closed and the log synced. Freeing the watchlist's hundreds of thousands
        // of small objects would only delay the exit: leave them to the process's end.
        withExtendedLifetime(prepared) { Glibc.exit(0) }
    }

    /// The pass itself; the pipeline, and with it the state and the log, ends with this call.
    private func pass(_ prepared: PreparedSetup) async throws {
        let opened: PipelineSetup
        do {
            opened = try PipelineSetup(prepared: prepared)
        } catch {
            StandardError.write("feedwatch: \(error.description)\n")
            throw ExitCode(1)
        }
        if opened.recovered > 0 {
            StandardError.write("recovered \(opened.recovered) alert(s) logged before an interruption\n")
        }
        let pipeline = opened.pipeline
        do {
            let summary = try await pipeline.run(try pipeline.dueFeeds(all: all))
            print(summary.text)
        } catch {
            StandardError.write("feedwatch: \(error)\n")
            throw ExitCode(1)
        }
        await pipeline.fetcher.shutdown(abortAfter: .seconds(5))
        await opened.cacheWrite?.finished()
    }
}
