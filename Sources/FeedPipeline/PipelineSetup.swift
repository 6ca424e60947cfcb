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

    public init(setup: Setup) throws(Failure) {
        let config = setup.config
        FeedParser.prepare()
        do {
            try Folders.ensureParent(of: config.statePath)
            try Folders.ensureParent(of: config.alertsPath)
        } catch {
            throw Failure(description: error.description)
        }
        do {
            lock = try StateLock(statePath: config.statePath)
        } catch {
            throw Failure(description: error.description)
        }
        let state: StateStore
        let log: AlertLogWriter
        do {
            state = try StateStore.open(path: config.statePath)
            log = try AlertLogWriter(path: config.alertsPath, fsync: FsyncPolicy(config.alertsFsync))
            recovered = try LogRecovery.reconcile(logPath: config.alertsPath, state: state)
        } catch {
            throw Failure(description: "\(error)")
        }
        let fetcher: Fetcher
        do {
            fetcher = try Fetcher(settings: config.fetch)
        } catch {
            throw Failure(description: error.description)
        }
        pipeline = Pipeline(config: config, matcher: Matcher(watchlist: setup.watchlist), state: state, log: log,
                            fetcher: fetcher)
        HeapTrim.releaseFreedMemory()
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
