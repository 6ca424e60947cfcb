/// Loads and validates the daemon's config file (format: README.md, "Config file"), resolving
/// relative paths against the config's folder and applying `PathDefaults` and `PathOverrides`.
public enum ConfigLoader {
    static let keys = ["watchlist", "alerts", "alerts_fsync", "state", "interval", "max_item_age", "item_retention",
                       "watch_config", "fetch", "metrics", "cluster", "feeds"]
    static let clusterKeys = ["node", "lease"]
    static let fetchKeys = ["concurrency", "per_host", "timeout", "connect_timeout", "max_bytes", "user_agent"]
    static let metricsKeys = ["listen", "per_feed"]

    public static func load(file: String, overrides: PathOverrides = PathOverrides(),
                            environment: [String: String]) throws(ConfigError) -> Loaded<Config> {
        let bytes = try FileBytes.read(file, what: "config file")
        return try parse(bytes, file: file, overrides: overrides, environment: environment)
    }

    public static func parse(_ bytes: [UInt8], file: String, overrides: PathOverrides = PathOverrides(),
                             environment: [String: String]) throws(ConfigError) -> Loaded<Config> {
        let (config, diagnostics) = try read(bytes, file: file, overrides: overrides, environment: environment)
        if diagnostics.contains(where: { $0.severity == .error }) { throw ConfigError(diagnostics: diagnostics) }
        return Loaded(value: config, warnings: diagnostics)
    }

    /// The config as far as it could be read, with every diagnostic; throws only when the file is
    /// not YAML at all.
    static func read(_ bytes: [UInt8], file: String, overrides: PathOverrides,
                     environment: [String: String]) throws(ConfigError) -> (Config, [Diagnostic]) {
        try readHead(bytes, file: file, overrides: overrides, environment: environment).finished()
    }

    /// Everything in the config but its feed list, which `Head.finished()` reads: `SetupLoader`
    /// reads the list on another thread while it reads the watchlist, and checks the watchlist
    /// even when the config has errors.
    struct Head: Sendable {
        /// The config without its feeds.
        var config: Config
        fileprivate var reader: NodeReader
        fileprivate var feeds: YAMLNode?
        fileprivate var root: YAMLNode?
        fileprivate var listReader: FeedListReader

        /// The whole config, with every diagnostic in file order.
        func finished() -> (Config, [Diagnostic]) {
            var (config, reader) = (config, reader)
            if let feeds {
                config.feeds = listReader.read(feeds, reader: &reader)
            } else if let root {
                reader.warning(root, "config has no 'feeds:' list: nothing will be fetched")
            }
            return (config, reader.diagnostics)
        }
    }

    static func readHead(_ bytes: [UInt8], file: String, overrides: PathOverrides,
                         environment: [String: String]) throws(ConfigError) -> Head {
        var reader = NodeReader(file: file)
        let defaults = PathDefaults(environment: environment)
        // Relative paths stay relative to the config's folder as given, so messages show short paths
        // the operator recognises; the daemon never changes its working directory.
        let folder = Paths.directory(of: file)
        let root = try YAMLReader.parse(bytes, file: file)
        var config = Config(file: file, watchlistPath: Paths.resolve("watchlist.yaml", against: folder, home: defaults.home),
                            alertsPath: defaults.alerts, statePath: defaults.state)
        var fields = Fields()
        if let root, !root.isNull {
            fields = reader.fields(root, allowed: keys, context: "config") ?? Fields()
        }
        config.defaultStateFolder = defaults.stateFolder
        func path(_ key: String) -> String? {
            guard let pair = fields[key], let text = reader.string(pair.value, key) else { return nil }
            // A database URL is not a path: kept as written (libpq reads it).
            if key == "state", StateLocation.isDatabaseURL(text) {
                if text.contains(where: { $0.isWhitespace }) {
                    reader.error(pair.value, "state: a database URL cannot contain spaces or line breaks")
                    return nil
                }
                return text
            }
            return Paths.resolve(text, against: folder, home: defaults.home)
        }
        if let watchlist = path("watchlist") { config.watchlistPath = watchlist }
        if let alerts = path("alerts") { config.alertsPath = alerts }
        if let state = path("state") { config.statePath = state }
        if let alerts = overrides.alerts { config.alertsPath = alerts }
        if let state = overrides.state { config.statePath = state }
        if let pair = fields["interval"], let value = reader.duration(pair.value, "interval") { config.interval = value }
        if let pair = fields["max_item_age"], let value = reader.duration(pair.value, "max_item_age") { config.maxItemAge = value }
        if let pair = fields["item_retention"], let value = reader.duration(pair.value, "item_retention") {
            config.itemRetention = value
        }
        if let pair = fields["watch_config"], let value = reader.boolean(pair.value, "watch_config") {
            config.watchConfig = value
        }
        if let pair = fields["alerts_fsync"], let value = reader.choice(pair.value, "alerts_fsync", as: AlertsFsync.self) {
            config.alertsFsync = value
        }
        if let pair = fields["fetch"], !pair.value.isNull {
            config.fetch = readFetch(pair.value, reader: &reader)
        }
        if let pair = fields["metrics"], !pair.value.isNull {
            config.metrics = readMetrics(pair.value, reader: &reader)
        }
        if let pair = fields["cluster"] {
            config.cluster = readCluster(pair.value, reader: &reader, environment: environment)
            if config.cluster != nil, case .sqlite = config.state {
                reader.error(pair.key, "cluster: needs a PostgreSQL state (state: postgresql://…), which the nodes share")
            }
        }
        return Head(config: config, reader: reader, feeds: fields["feeds"]?.value, root: root,
                    listReader: FeedListReader(folder: folder, home: defaults.home))
    }

    private static func readFetch(_ node: YAMLNode, reader: inout NodeReader) -> FetchSettings {
        var settings = FetchSettings()
        guard let fields = reader.fields(node, allowed: fetchKeys, context: "fetch") else { return settings }
        if let pair = fields["concurrency"], let value = reader.integer(pair.value, "fetch: concurrency", in: 1...1024) {
            settings.concurrency = value
        }
        if let pair = fields["per_host"], let value = reader.integer(pair.value, "fetch: per_host", in: 1...256) {
            settings.perHost = value
            if value > settings.concurrency {
                reader.warning(pair.value, "fetch: per_host (\(value)) is above concurrency (\(settings.concurrency)); concurrency is the limit")
            }
        }
        if let pair = fields["timeout"], let value = reader.duration(pair.value, "fetch: timeout") { settings.timeout = value }
        if let pair = fields["connect_timeout"], let value = reader.duration(pair.value, "fetch: connect_timeout") {
            settings.connectTimeout = value
        }
        if let pair = fields["max_bytes"], let value = reader.size(pair.value, "fetch: max_bytes") { settings.maxBytes = value }
        if let pair = fields["user_agent"], let value = reader.string(pair.value, "fetch: user_agent") {
            if value.contains(where: { $0 == "\n" || $0 == "\r" }) {
                reader.error(pair.value, "fetch: user_agent must be one line")
            } else {
                settings.userAgent = value
            }
        }
        return settings
    }

    /// `cluster: {node: NAME, lease: 20s}` (or an empty `cluster:` for the defaults).
    private static func readCluster(_ node: YAMLNode, reader: inout NodeReader,
                                    environment: [String: String]) -> ClusterSettings? {
        var settings = ClusterSettings(node: ClusterSettings.defaultNode(environment: environment))
        guard !node.isNull else { return settings }
        guard let fields = reader.fields(node, allowed: clusterKeys, context: "cluster") else { return nil }
        if let pair = fields["node"], let name = reader.string(pair.value, "cluster: node") {
            guard ClusterSettings.isValidNode(name) else {
                reader.error(pair.value, "cluster: node must be 1-64 letters, digits, '.', '_' or '-' (got '\(name)')")
                return nil
            }
            settings.node = name
        }
        if let pair = fields["lease"], let lease = reader.duration(pair.value, "cluster: lease") {
            guard lease >= .seconds(3), lease <= .seconds(3600) else {
                reader.error(pair.value, "cluster: lease must be between 3s and 1h")
                return nil
            }
            settings.lease = lease
        }
        return settings
    }

    /// `metrics: 127.0.0.1:9464`, or the long form `metrics: {listen: …, per_feed: true}`.
    private static func readMetrics(_ node: YAMLNode, reader: inout NodeReader) -> MetricsSettings? {
        var listenNode = node
        var perFeed = false
        if case .mapping = node.content {
            guard let fields = reader.fields(node, allowed: metricsKeys, context: "metrics") else { return nil }
            guard let pair = fields["listen"] else {
                reader.error(node, "metrics: needs 'listen:' (e.g. listen: 127.0.0.1:9464)")
                return nil
            }
            listenNode = pair.value
            if let pair = fields["per_feed"], let value = reader.boolean(pair.value, "metrics: per_feed") { perFeed = value }
        }
        guard let listen = reader.converted(listenNode, "metrics", ListenAddress.parse) else { return nil }
        if !listen.isLoopback {
            reader.warning(listenNode, "metrics: \(listen) is reachable from other machines; anyone who can connect "
                           + "reads the metrics (feed URLs with per_feed): prefer a loopback address and a proxy or firewall")
        }
        return MetricsSettings(listen: listen, perFeed: perFeed)
    }
}
