import FeedwatchConfig
import Testing

/// Parses a watchlist given inline; the file name in diagnostics is `w.yaml`.
func watchlist(_ yaml: String) throws(ConfigError) -> Loaded<Watchlist> {
    try WatchlistLoader.parse(Array(yaml.utf8), file: "w.yaml")
}

/// The diagnostics a broken watchlist produces, as `file:line:col: message` strings.
func watchlistErrors(_ yaml: String) -> [String] {
    do {
        _ = try watchlist(yaml)
        Issue.record("expected the watchlist to be rejected")
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

/// Parses a config given inline as `c.yaml` in the working directory.
func config(_ yaml: String, environment: [String: String] = ["HOME": "/home/ana"],
            overrides: PathOverrides = PathOverrides()) throws(ConfigError) -> Loaded<Config> {
    try ConfigLoader.parse(Array(yaml.utf8), file: "c.yaml", overrides: overrides, environment: environment)
}

func configErrors(_ yaml: String, file: String = "c.yaml") -> [String] {
    do {
        _ = try ConfigLoader.parse(Array(yaml.utf8), file: file, environment: ["HOME": "/home/ana"])
        Issue.record("expected the config to be rejected")
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}
