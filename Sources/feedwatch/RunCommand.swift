import ArgumentParser
import FeedwatchConfig
import FeedwatchDaemon
import Logging
import MetricsEndpoint

/// `feedwatch run`: the service, in the foreground (systemd supervises it).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon in the foreground: fetch feeds when due and append alerts.",
        discussion: """
            Meant to run under systemd (Type=notify): it reports READY, STATUS, RELOADING, \
            STOPPING and watchdog pings on $NOTIFY_SOCKET when set. Signals: SIGHUP re-reads the \
            config and watchlist (an invalid edit is logged and the previous ones stay in use), \
            SIGUSR1 reopens the alert log after rotation, SIGTERM or SIGINT stop gracefully. Logs \
            go to standard error, with journal priorities when it is the journal. Only one \
            feedwatch may use a state file at a time. With 'metrics:' in the config it serves \
            /metrics (Prometheus), /healthz and /readyz there (docs/metrics.md).
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: ArgumentHelp("Least severe messages to log: trace, debug, info, notice, warning, error, critical.",
                                            valueName: "level"))
    var logLevel: Logger.Level = .info

    func run() async throws {
        let environment = Environment.current
        let level = logLevel
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, level: level, environment: environment) }
        let logger = Logger(label: "feedwatch")
        // The endpoint starts before the watchlist is loaded, so /readyz can say "not yet"
        // during a long start; a config that does not load is reported by the daemon below.
        let settings = (try? ConfigLoader.load(file: options.configFile, overrides: options.overrides,
                                               environment: environment))?.value.metrics
        var daemonOptions = Daemon.Options(configFile: options.configFile, overrides: options.overrides,
                                           environment: environment)
        var endpoint: HTTPEndpoint?
        if let settings {
            let service = MetricsSetup.bootstrap(processMetrics: true)
            daemonOptions.probes = ServiceProbes()
            do {
                endpoint = try service.serve(on: settings.listen, probe: DaemonProbe(probes: daemonOptions.probes))
            } catch {
                logger.critical("\(error.description)")
                throw ExitCode(1)
            }
            if let endpoint { logger.info("metrics: serving http://\(endpoint.address)/metrics, /healthz and /readyz") }
        }
        defer { endpoint?.stop() }
        let daemon: Daemon
        do {
            daemon = try Daemon(options: daemonOptions, logger: logger)
        } catch {
            for line in error.lines { logger.critical("\(line)") }
            throw ExitCode(1)
        }
        let status = await daemon.run()
        if status != 0 { throw ExitCode(status) }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
