import Foundation
import Synchronization

/// A throwaway PostgreSQL server for the tests: Debian's binaries (`apt install postgresql`),
/// `initdb` into a temporary folder, `pg_ctl start` on a free loopback port, stopped when the
/// test process exits. One server per test process; each test asks for its own database
/// (``database(_:)``), so tests never see each other's rows and may run in parallel.
///
/// As root (CI), the server runs as the `postgres` user the package creates, since PostgreSQL
/// refuses to run as root. Without PostgreSQL installed the tests that need it fail with a
/// message saying what to install: they are not skipped, so a missing server is never mistaken
/// for a passing run.
public final class PostgresServer: Sendable {
    public let port: Int
    public let dataDirectory: String
    private let binaries: String
    private let user: String?
    private let counter = Atomic<Int>(0)

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The server of this test process, started on first use.
    public static func shared() throws -> PostgresServer {
        try started.withLock { (server) throws -> PostgresServer in
            if let server { return server }
            let made = try PostgresServer()
            server = made
            stopAtExit.withLock { $0 = (made.binaries, made.dataDirectory, made.user) }
            atexit { PostgresServer.stopRegistered() }
            return made
        }
    }

    private static let started = Mutex<PostgresServer?>(nil)
    private static let stopAtExit = Mutex<(String, String, String?)?>(nil)

    private static func stopRegistered() {
        guard let (binaries, data, user) = stopAtExit.withLock({ $0 }) else { return }
        _ = try? run(binaries + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], as: user)
        try? FileManager.default.removeItem(atPath: (data as NSString).deletingLastPathComponent)
    }

    private init() throws {
        guard let binaries = Self.findBinaries() else {
            throw Unavailable(description: "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: "
                              + "apt-get install postgresql (make test-deps installs it)")
        }
        self.binaries = binaries
        user = getuid() == 0 ? "postgres" : nil
        let base = "/tmp/feedwatch-pg.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        if let user { _ = try Self.run("/bin/chown", [user, base], as: nil) }
        try Self.run(binaries + "/initdb", ["-D", base + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                            "--no-sync", "--no-instructions"], as: user)
        var lastError = ""
        for _ in 0..<20 {
            let candidate = Int.random(in: 20_000...60_000)
            // Durability is not what these tests check; fsync off keeps them quick.
            let options = "-p \(candidate) -k \(base) -c listen_addresses=127.0.0.1 -c fsync=off "
                + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
            do {
                try Self.run(binaries + "/pg_ctl", ["-D", base + "/data", "-o", options, "-l", base + "/log",
                                                    "-w", "-t", "30", "start"], as: user)
                port = candidate
                dataDirectory = base + "/data"
                return
            } catch {
                lastError = "\(error)"
            }
        }
        throw Unavailable(description: "could not start PostgreSQL: \(lastError)")
    }

    /// A new, empty database for one test; returns its URL.
    public func database(_ name: String = "test") throws -> String {
        let database = "\(name.lowercased().filter { $0.isLetter || $0.isNumber })_\(counter.add(1, ordering: .relaxed).newValue)"
        try psql("CREATE DATABASE \(database)")
        return url(database)
    }

    public func url(_ database: String) -> String { "postgresql://postgres@127.0.0.1:\(port)/\(database)" }

    /// Runs SQL as the superuser (on database `postgres` unless another is given).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        try Self.run(binaries + "/psql", ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port),
                                          "-U", "postgres", "-d", database, "-c", sql], as: nil)
    }

    /// Stops and starts the server (a database restart as operators do it).
    public func restart() throws {
        try Self.run(binaries + "/pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "restart"], as: user)
    }

    private static func findBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted(by: >).map { "\(root)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a command to its end (posix_spawn + waitpid: Foundation's `Process` did not reap
    /// `runuser` here when called from a test's thread), its output in a file, not a pipe — the
    /// server `pg_ctl start` leaves running would keep a pipe open forever.
    @discardableResult
    private static func run(_ executable: String, _ arguments: [String], as user: String?) throws -> String {
        let argv = user.map { ["/sbin/runuser", "-u", $0, "--", executable] } ?? [executable]
        let all = argv + arguments
        let outputPath = "/tmp/feedwatch-pg-output.\(getpid()).\(UInt64.random(in: 0...UInt64.max))"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments = all.map { strdup($0) }
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = (cArguments + [nil]).withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return EINVAL }
            return posix_spawn(&pid, all[0], &actions, nil, UnsafeMutablePointer(mutating: base), environ)
        }
        guard spawned == 0 else {
            throw CommandFailed(description: "cannot start \(all[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0, code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            throw CommandFailed(description: "\((executable as NSString).lastPathComponent) failed (status \(status)): \(text)")
        }
        return text
    }
}
