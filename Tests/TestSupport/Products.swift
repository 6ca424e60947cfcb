import Foundation

/// Locates executables built by SwiftPM beside the test bundle, so CLI tests run the real
/// `feedwatch` binary as a child process rather than calling its code in-process.
public enum Products {
    public static var directory: URL {
        // The test bundle (`feedwatchPackageTests.xctest`) sits in the same folder as the products.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    public static var feedwatch: String { directory.appendingPathComponent("feedwatch").path }
}

/// What a finished child process left behind.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs an executable to completion with the given arguments, environment additions and stdin.
public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                       stdin: String? = nil, currentDirectory: String? = nil) throws -> ProcessOutput {
    let process = Process.configured(executable, arguments, environment: environment, currentDirectory: currentDirectory)
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes before waiting so a chatty child never blocks on a full pipe.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessOutput(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

extension Process {
    /// A process for `executable` with the test's environment plus `environment`.
    static func configured(_ executable: String, _ arguments: [String], environment: [String: String],
                           currentDirectory: String?) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        return process
    }
}

/// Tools the tests run that are not ours.
public enum Tools {
    /// Prometheus's promtool: installed (`/usr/bin`), or unpacked by `make test-deps` under
    /// `.build-tools` in the checkout.
    public static var promtool: String {
        let unpacked = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build-tools/prometheus/usr/bin/promtool").path
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool") ? "/usr/bin/promtool" : unpacked
    }
}
