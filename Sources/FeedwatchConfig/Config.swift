import FeedParse

/// Transfer limits shared by every feed. Defaults are chosen for a polite daemon on a small
/// server: a handful of parallel transfers, never more than two to one publisher.
public struct FetchSettings: Sendable, Hashable {
    /// Transfers in flight at once, over all hosts.
    public var concurrency: Int = 16
    /// Transfers in flight at once to one host name.
    public var perHost: Int = 2
    /// Whole-transfer limit, redirects included.
    public var timeout: Duration = .seconds(30)
    /// Limit for DNS plus TCP plus TLS.
    public var connectTimeout: Duration = .seconds(10)
    /// Body cap in bytes after decompression; larger bodies abort the transfer.
    public var maxBytes: Int = 16 * 1024 * 1024
    public var userAgent: String = FetchSettings.defaultUserAgent

    public static let defaultUserAgent = "feedwatch/\(FeedwatchVersion.current) (+https://github.com/feedwatch/feedwatch)"

    public init() {}
}

/// Where a feed entry came from in the config, so messages can say "from subscriptions.opml".
public enum FeedOrigin: Sendable, Hashable {
    case url
    case path
    case opml(file: String)
}

/// One feed to watch.
public struct FeedSource: Sendable, Hashable {
    /// Absolute URL; `path:` entries become `file://` URLs.
    public var url: String
    public var name: String?
    /// Overrides `Config.interval` for this feed.
    public var interval: Duration?
    /// Copied into every alert from this feed.
    public var tags: [String]
    /// The language of the feed's items as the operator knows it (`de`, `ru-RU`), overriding
    /// what the feed declares: it picks the language's matching rules (`docs/matching.md`).
    public var language: String?
    public var origin: FeedOrigin
    public var location: SourceLocation

    public init(url: String, name: String? = nil, interval: Duration? = nil, tags: [String] = [],
                language: String? = nil, origin: FeedOrigin, location: SourceLocation) {
        self.url = url
        self.name = name
        self.interval = interval
        self.tags = tags
        self.language = language
        self.origin = origin
        self.location = location
    }

    /// Whether the config explicitly allowed `file://` for this feed (never for redirects).
    public var allowsFile: Bool { url.hasPrefix("file://") }
}

/// When alert lines are forced to disk (`alerts_fsync`).
public enum AlertsFsync: String, Sendable, Hashable, CaseIterable {
    /// Once after each batch of lines: a power loss loses at most the batch being written.
    case batch
    /// After every line.
    case always
    /// Never explicitly; the kernel writes back within seconds. A process crash loses nothing either way.
    case never
}

/// The daemon's configuration, validated and with every default applied.
public struct Config: Sendable {
    /// The config file, as given.
    public var file: String
    /// Absolute or config-relative path resolved against the config's folder.
    public var watchlistPath: String
    /// Alert log (JSON Lines); see `PathDefaults` for how an absent key is resolved.
    public var alertsPath: String
    /// SQLite state file, or a PostgreSQL URL (see ``state``).
    public var statePath: String
    /// Where files that belong to this process's state but not in a database go (the lock,
    /// the compiled watchlist cache): the SQLite file's path, or for PostgreSQL
    /// `postgresql-<hash of the URL>` in the default state folder (under systemd, `StateDirectory=`).
    public var localStatePath: String {
        guard case .postgres = state else { return statePath }
        // One name per database (its URL without the password), so two configs on one host
        // that name different databases never share a lock or a cache.
        let name = String(FNV1a.hash(state.description.utf8), radix: 16)
        return (defaultStateFolder ?? "/tmp") + "/postgresql-" + String(repeating: "0", count: 16 - name.count) + name
    }
    /// What ``statePath`` names: a file or a database.
    public var state: StateLocation { StateLocation(statePath) }
    /// The default state folder the loader resolved (XDG, or systemd's `STATE_DIRECTORY`).
    public var defaultStateFolder: String?
    /// Default refresh interval per feed.
    public var interval: Duration = .seconds(15 * 60)
    /// Items published longer ago than this are recorded without alerting.
    public var maxItemAge: Duration = .seconds(7 * 86_400)
    /// How long an item that has left its feed is remembered (so it cannot alert again if it reappears).
    public var itemRetention: Duration = .seconds(90 * 86_400)
    public var alertsFsync: AlertsFsync = .batch
    /// Reload automatically when the config or watchlist file changes on disk (inotify).
    public var watchConfig = false
    public var fetch = FetchSettings()
    /// Cluster mode: nil for one node (docs/cluster.md).
    public var cluster: ClusterSettings?
    /// The Prometheus endpoint; nil (the default) means none, and metrics are not recorded.
    public var metrics: MetricsSettings?
    public var feeds: [FeedSource] = []

    public init(file: String, watchlistPath: String, alertsPath: String, statePath: String) {
        self.file = file
        self.watchlistPath = watchlistPath
        self.alertsPath = alertsPath
        self.statePath = statePath
    }
}
