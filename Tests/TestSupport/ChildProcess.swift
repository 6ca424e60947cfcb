import Foundation
import Synchronization

/// A long-running child process whose output the test reads while it runs (`feedwatch tail -f`,
/// the daemon), and to which it can send signals.
public final class ChildProcess: Sendable {
    private let process: Process
    private let output = OutputBuffer()
    private let errors = OutputBuffer()

    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                currentDirectory: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        self.process = process
        try process.run()
        Self.pump(out.fileHandleForReading, into: output)
        Self.pump(err.fileHandleForReading, into: errors)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    public var pid: Int32 { process.processIdentifier }
    public var stdout: String { output.text }
    public var stderr: String { errors.text }

    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits until `condition` holds for the output so far, or the timeout passes; returns whether it held.
    @discardableResult
    public func waitFor(timeout: Duration = .seconds(10), _ condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(stdout) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(stdout)
    }

    /// Waits for the process to exit (killing it after `timeout`) and returns its status.
    public func waitForExit(timeout: Duration = .seconds(20)) async -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    private static func pump(_ handle: FileHandle, into buffer: OutputBuffer) {
        let thread = Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                buffer.bytes.withLock { $0.append(contentsOf: data) }
            }
        }
        thread.start()
    }
}

/// Output collected from a pipe by a reader thread.
private final class OutputBuffer: Sendable {
    let bytes = Mutex<[UInt8]>([])

    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
}
