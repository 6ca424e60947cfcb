import Foundation

/// A fresh directory under the system temp folder, removed when the value is released; tests
/// write their config files, state and logs there so runs never see each other's files.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "feedwatch-test") throws {
        let base = FileManager.default.temporaryDirectory.path
        let template = "\(base)/\(prefix).XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `contents` to `name` (relative to the directory, folders created) and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> String {
        let full = "\(path)/\(name)"
        let folder = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }
}
