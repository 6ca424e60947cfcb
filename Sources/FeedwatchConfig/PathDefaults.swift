/// Where the alert log and the state file go when the config does not say.
///
/// Under systemd, `LogsDirectory=` and `StateDirectory=` hand the service its folders through
/// `$LOGS_DIRECTORY` and `$STATE_DIRECTORY`; a user running feedwatch by hand gets the XDG state
/// folder (`$XDG_STATE_HOME/feedwatch`, else `~/.local/state/feedwatch`).
public struct PathDefaults: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }

    public var alerts: String { folder(systemd: "LOGS_DIRECTORY") + "/alerts.jsonl" }
    public var state: String { stateFolder + "/state.sqlite" }
    /// The folder of the default state file, also where a database state keeps its local files.
    public var stateFolder: String { folder(systemd: "STATE_DIRECTORY") }

    var home: String? { environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } }

    private func folder(systemd variable: String) -> String {
        // systemd may pass several colon-separated folders; the first is ours.
        if let value = environment[variable], let first = value.split(separator: ":").first, !first.isEmpty {
            return String(first)
        }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            return xdg + "/feedwatch"
        }
        return (home ?? "/tmp") + "/.local/state/feedwatch"
    }
}

/// Command-line choices that beat both the config file and the defaults.
public struct PathOverrides: Sendable {
    public var alerts: String?
    public var state: String?

    public init(alerts: String? = nil, state: String? = nil) {
        self.alerts = alerts
        self.state = state
    }
}
