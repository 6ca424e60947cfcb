/// A position in a config or watchlist file, kept on every loaded value so that any later
/// complaint (a duplicate alias found by the matcher, a feed that fails) can point an editor at
/// the exact line to fix.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The path as the user gave it (or as it was resolved), used verbatim in messages.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and compilers use so terminals can link to it.
    public var description: String { "\(file):\(line):\(column)" }
}
