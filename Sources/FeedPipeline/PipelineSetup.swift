import ActorMatch
import AlertLog
import FeedFetch
import FeedParse
import FeedState
import FeedwatchConfig
import Foundation

/// Opens everything a pass needs, in the order that makes failures clear: the state lock, the
/// state file, the alert log, reconciliation of the two, the matcher and the fetcher.
public struct PipelineSetup {
    /// Why the pipeline cannot start; each names the file or resource at fault.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let pipeline: Pipeline
    /// Held for the life of the pipeline: one pipeline per state file.
    public let lock: StateLock
    /// Logged alerts the state did not know (a crash between writing and recording).
    public let recovered: Int
    /// The new build being stored for the next start, when there was no cached one.
    public let cacheWrite: CacheWrite?

    public init(prepared: PreparedSetup) throws(Failure) {
        let config = prepared.setup.config
        let watchlist = prepared.setup.watchlist
        FeedParser.prepare()
        do {
            try Folders.ensureParent(of: config.localStatePath)
            try Folders.ensureParent(of: config.alertsPath)
        } catch {
            throw Failure(description: error.description)
        }
        do {
            lock = try StateLock(statePath: config.localStatePath)
        } catch {
            throw Failure(description: error.description)
        }
        // Building the matcher is the longest step of a start without a cached build (a quarter
        // of a second for 100,000 actors). Opening and reconciling the state and the log, and
        // fingerprinting the watchlist, need nothing from it: both run at once.
        let cached = prepared.cached
        let (matcher, result) = InPieces.alongside({ cached?.matcher ?? Matcher(watchlist: watchlist) }) {
            Result { () throws(Failure) in try Opened(config: config, watchlist: watchlist, fingerprint: cached?.fingerprint) }
        }
        let opened = try result.get()
        cacheWrite = prepared.store(matcher, fingerprint: opened.fingerprint)
        recovered = opened.recovered
        pipeline = Pipeline(config: config, matcher: matcher, state: opened.state, log: opened.log,
                            fetcher: opened.fetcher, fingerprint: opened.fingerprint, recording: opened.recording)
        if let cluster = opened.recording as? ClusterRecording {
            // A node that cannot renew its leases must stop fetching what may no longer be its own;
            // its queued alert lines wait in the state for its restart (as after a crash).
            cluster.startRenewing(state: opened.state, failed: { error in
                FileHandle.standardError.write(Data("feedwatch: cluster node \(cluster.node): cannot renew leases: \(error); stopping\n".utf8))
                exit(1)
            }, notice: { message in
                FileHandle.standardError.write(Data("feedwatch: \(message)\n".utf8))
            })
        }
        HeapTrim.releaseFreedMemory()
    }

    /// Everything but the matcher: state, alert log, their reconciliation, the fetcher.
    private struct Opened: Sendable {
        var state: StateStore
        var log: AlertLogWriter
        var recording: any PassRecording
        var recovered: Int
        var fetcher: Fetcher
        var fingerprint: String

        init(config: Config, watchlist: Watchlist, fingerprint known: String?) throws(Failure) {
            let fingerprint = known ?? WatchlistFingerprint.of(watchlist)
            self.fingerprint = fingerprint
            recording = config.cluster.map {
                ClusterRecording(settings: $0, feeds: config.feeds, watchlistFingerprint: fingerprint)
            } ?? SoloRecording()
            do {
                state = try StateOpening.open(config.state, node: config.cluster?.node)
                log = try AlertLogWriter(path: config.alertsPath, fsync: FsyncPolicy(config.alertsFsync))
                recovered = try recording.recover(logPath: config.alertsPath, log: log, state: state)
            } catch {
                throw Failure(description: "\(error)")
            }
            do {
                fetcher = try Fetcher(settings: config.fetch)
            } catch {
                throw Failure(description: error.description)
            }
        }
    }
}

extension FsyncPolicy {
    init(_ setting: AlertsFsync) {
        switch setting {
        case .batch: self = .batch
        case .always: self = .always
        case .never: self = .never
        }
    }
}

/// Creates the folder of a state or log file when it is missing (the XDG default folder on a
/// first run); under systemd the unit's StateDirectory=/LogsDirectory= already exist.
enum Folders {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func ensureParent(of path: String) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o750])
        } catch {
            throw Failure(description: "cannot create folder \(folder): \(error.localizedDescription)")
        }
    }
}
