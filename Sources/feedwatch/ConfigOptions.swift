import ArgumentParser
import FeedPipeline
import FeedwatchConfig

#if canImport(Glibc)
import Glibc
#endif

/// Options every command that reads the config shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The config file (default: $FEEDWATCH_CONFIG, else Config/feedwatch.yaml).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp(
        "Alert log to use instead of the config's 'alerts' (or its default).", valueName: "file"))
    var alerts: String?

    @Option(name: .long, help: ArgumentHelp(
        "State file to use instead of the config's 'state' (or its default).", valueName: "file"))
    var state: String?

    var configFile: String {
        config ?? Environment.current["FEEDWATCH_CONFIG"] ?? "Config/feedwatch.yaml"
    }

    var overrides: PathOverrides { PathOverrides(alerts: alerts, state: state) }

    /// Loads the config and watchlist; on failure prints every problem (and, with `summarize`,
    /// a count) to standard error and exits 1.
    func loadSetup(summarize: Bool = false) throws -> Loaded<Setup> {
        try reportingProblems(summarize: summarize) { () throws(ConfigError) in
            try SetupLoader.load(configFile: configFile, overrides: overrides, environment: Environment.current)
        }
    }

    /// `loadSetup` through the compiled watchlist cache kept beside the state, for the commands
    /// that run the pipeline.
    func prepareSetup() throws -> PreparedSetup {
        try reportingProblems(summarize: false) { () throws(ConfigError) in
            try PreparedSetup.load(configFile: configFile, overrides: overrides, environment: Environment.current)
        }
    }

    private func reportingProblems<Value>(summarize: Bool, _ load: () throws(ConfigError) -> Value) throws -> Value {
        do {
            return try load()
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            if summarize {
                let errors = error.errors.count
                let warnings = error.diagnostics.count - errors
                StandardError.write("\(configFile): \(errors) error\(errors == 1 ? "" : "s")"
                                    + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "") + "\n")
            }
            throw ExitCode(1)
        }
    }
}

/// The process environment as a dictionary, read once.
enum Environment {
    static let current: [String: String] = {
        var result: [String: String] = [:]
        var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }()
}
