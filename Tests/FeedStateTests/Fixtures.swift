import FeedState
import PostgresState
import Foundation
import Testing
import TestSupport

typealias Engine = StateEngine

/// Shared helpers: a state file in a fresh temporary folder (or a fresh database on the test
/// process's PostgreSQL server), and item/alert builders.
struct StateFixture {
    let directory: TemporaryDirectory
    let engine: Engine
    /// The file's path, or the database's URL.
    let path: String

    init(_ engine: Engine = .sqlite, name: String = "state.db") throws {
        directory = try TemporaryDirectory(prefix: "feedstate-test")
        self.engine = engine
        switch engine {
        case .sqlite: path = "\(directory.path)/\(name)"
        case .postgresql: path = try PostgresServer.shared().database("state")
        }
    }

    func open() throws -> StateStore {
        switch engine {
        case .sqlite: try StateStore.open(path: path)
        case .postgresql: try PostgresStore.open(url: path, location: path)
        }
    }

    func openReadOnly() throws -> StateStore {
        switch engine {
        case .sqlite: try StateStore.openReadOnly(path: path)
        case .postgresql: try PostgresStore.openReadOnly(url: path, location: path)
        }
    }

    /// How error messages name this state.
    var named: String { engine == .sqlite ? "state file \(path)" : "state database \(path)" }

    /// Overwrites 4 bytes of the SQLite header (big-endian), e.g. `user_version` at 60 or
    /// `application_id` at 68, as another program or a newer feedwatch would have left them.
    /// Call only with every store closed, so the WAL has been checkpointed into the main file.
    func patchHeader(offset: Int, value: UInt32) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: withUnsafeBytes(of: value.bigEndian) { Data($0) })
    }
}

let hour: UnixMillis = 3_600_000
let day: UnixMillis = 24 * hour

/// Items with keys `prefix0 ..< prefixN` whose hash is derived from the key (and a salt, to simulate edits).
func items(_ keys: Range<Int>, prefix: String = "https://news.example/2026/11/article-", salt: UInt64 = 0) -> [SeenItem] {
    keys.map { SeenItem(key: "\(prefix)\($0)", contentHash: UInt64($0) &* 0x9E37_79B9_7F4A_7C15 ^ salt,
                        published: UnixMillis($0) * 1000) }
}

func alert(_ key: String, actors: [String], at: UnixMillis) -> AlertRecord {
    AlertRecord(itemKey: key, alertID: "\(key)#\(actors.joined(separator: ","))", actorIDs: actors, at: at)
}

/// A test-only failure thrown inside a transaction to prove the rollback.
struct Abort: Error {}
