/// Everything the daemon needs from disk before it can run: the config and its watchlist.
public struct Setup: Sendable {
    public var config: Config
    public var watchlist: Watchlist

    public init(config: Config, watchlist: Watchlist) {
        self.config = config
        self.watchlist = watchlist
    }
}

/// Loads the config and the watchlist it names, reporting the problems of both files together
/// so an operator fixes everything in one edit.
public enum SetupLoader {
    public static func load(configFile: String, overrides: PathOverrides = PathOverrides(),
                            environment: [String: String]) throws(ConfigError) -> Loaded<Setup> {
        try load(configFile: configFile, overrides: overrides, environment: environment) { config, bytes throws(ConfigError) in
            try WatchlistLoader.parse(bytes, file: config.watchlistPath)
        }
    }

    /// `load`, with the watchlist file's bytes turned into a watchlist by `readWatchlist`: a
    /// caller holding a compiled copy of exactly these bytes can skip parsing them. The config it
    /// is given is complete but for its feed list, which is read meanwhile on another thread
    /// (50,000 feeds take a tenth of a second that the watchlist does not need to wait for).
    public static func load(configFile: String, overrides: PathOverrides = PathOverrides(), environment: [String: String],
                            readWatchlist: (Config, [UInt8]) throws(ConfigError) -> Loaded<Watchlist>) throws(ConfigError) -> Loaded<Setup> {
        let bytes = try FileBytes.read(configFile, what: "config file")
        let head: ConfigLoader.Head
        do {
            head = try ConfigLoader.readHead(bytes, file: configFile, overrides: overrides, environment: environment)
        } catch {
            // A config that is not even YAML names no watchlist; stop there.
            throw ConfigError(diagnostics: error.diagnostics)
        }
        let ((config, found), read) = InPieces.alongside({ head.finished() }) {
            Result { () throws(ConfigError) in
                try readWatchlist(head.config, try FileBytes.read(head.config.watchlistPath, what: "watchlist"))
            }
        }
        var diagnostics = found
        var watchlist: Watchlist?
        switch read {
        case .success(let loaded):
            watchlist = loaded.value
            diagnostics += loaded.warnings
        case .failure(let error):
            diagnostics += error.diagnostics
        }
        guard let watchlist, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw ConfigError(diagnostics: diagnostics)
        }
        return Loaded(value: Setup(config: config, watchlist: watchlist), warnings: diagnostics)
    }
}
