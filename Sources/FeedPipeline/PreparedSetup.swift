import ActorMatch
import FeedwatchConfig
import Foundation

/// What a start or a reload loads from disk: the config and the watchlist (`SetupLoader`), with
/// the watchlist taken from the compiled watchlist cache when the cache holds exactly this file.
public struct PreparedSetup: Sendable {
    public let loaded: Loaded<Setup>
    /// The matcher and fingerprint of this watchlist from the cache, on a hit.
    let cached: CompiledWatchlistCache.Entry?
    /// Where a new build is stored for the next start; nil when no cache can be kept.
    let cache: CompiledWatchlistCache?
    /// The watchlist file's own warnings (`loaded` has the config's too), stored with a build.
    let watchlistWarnings: [Diagnostic]

    public var setup: Setup { loaded.value }
    /// Whether the watchlist came from the cache (no YAML read, no build).
    public var isCached: Bool { cached != nil }

    public static func load(configFile: String, overrides: PathOverrides = PathOverrides(),
                            environment: [String: String]) throws(ConfigError) -> PreparedSetup {
        var cache: CompiledWatchlistCache?
        var cached: CompiledWatchlistCache.Entry?
        var watchlistWarnings: [Diagnostic] = []
        let loaded = try SetupLoader.load(configFile: configFile, overrides: overrides,
                                          environment: environment) { config, bytes throws(ConfigError) in
            cache = CompiledWatchlistCache(statePath: config.localStatePath, watchlistPath: config.watchlistPath,
                                           watchlistBytes: bytes)
            cached = cache?.load()
            let watchlist: Loaded<Watchlist>
            if let cached { watchlist = cached.watchlist } else {
                watchlist = try WatchlistLoader.parse(bytes, file: config.watchlistPath)
            }
            watchlistWarnings = watchlist.warnings
            return watchlist
        }
        return PreparedSetup(loaded: loaded, cached: cached, cache: cache, watchlistWarnings: watchlistWarnings)
    }

    /// The matcher and the watchlist's fingerprint: the cached ones, or built now and stored for
    /// the next start in the background (best effort: a cache that cannot be written costs only
    /// time).
    public func compile() -> (matcher: Matcher, fingerprint: String) {
        if let cached { return (cached.matcher, cached.fingerprint) }
        let matcher = Matcher(watchlist: setup.watchlist)
        let fingerprint = WatchlistFingerprint.of(setup.watchlist)
        store(matcher, fingerprint: fingerprint)
        return (matcher, fingerprint)
    }

    /// Starts storing a build of this watchlist, unless it came from the cache; the write runs
    /// beside the pass (70–90 ms for 100,000 actors), one at a time.
    @discardableResult
    func store(_ matcher: Matcher, fingerprint: String) -> CacheWrite? {
        guard cached == nil, let cache else { return nil }
        let entry = CompiledWatchlistCache.Entry(watchlist: Loaded(value: setup.watchlist, warnings: watchlistWarnings),
                                                 fingerprint: fingerprint, matcher: matcher)
        let group = DispatchGroup()
        CacheWrite.queue.async(group: group) { try? cache.store(entry) }
        return CacheWrite(group: group)
    }
}

/// A compiled watchlist being written in the background; a process about to exit waits for it.
public struct CacheWrite: Sendable {
    /// Serial: two writes (a start, then a quick reload) never share the temporary file.
    static let queue = DispatchQueue(label: "feedwatch.watchlist-cache", qos: .utility)
    let group: DispatchGroup

    public func finished() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            group.notify(queue: .global()) { done.resume() }
        }
    }
}
