/// A successfully loaded file together with the warnings found while loading it: warnings never
/// stop the daemon, but `feedwatch check` and reloads print them.
public struct Loaded<Value: Sendable>: Sendable {
    public var value: Value
    public var warnings: [Diagnostic]

    public init(value: Value, warnings: [Diagnostic]) {
        self.value = value
        self.warnings = warnings
    }
}

/// Reads a whole file as bytes, turning failures into a diagnostic that names the file.
enum FileBytes {
    static func read(_ path: String, what: String, at location: SourceLocation? = nil) throws(ConfigError) -> [UInt8] {
        let where_ = location ?? SourceLocation(file: path, line: 1, column: 1)
        let result = POSIXFile.readAll(path)
        switch result {
        case .success(let bytes): return bytes
        case .failure(let reason):
            let message = location == nil ? "cannot read \(what): \(reason)" : "cannot read \(what) '\(path)': \(reason)"
            throw ConfigError(diagnostics: [Diagnostic(.error, where_, message)])
        }
    }
}
