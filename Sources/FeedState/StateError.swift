/// Why the state file could not be opened, read or written.
///
/// Carries the file's path and SQLite's own words so an operator can act on the message alone
/// (a full disk, a file from a newer feedwatch, a file that is not ours), and a ``Code`` so the
/// pipeline can decide without parsing text — e.g. a ``Code/diskFull`` write leaves items
/// unrecorded so they alert again on a later pass, while ``Code/newerSchema`` stops the process.
public struct StateError: Error, Sendable, CustomStringConvertible {
    /// The class of failure, stable across SQLite versions and messages.
    public enum Code: String, Sendable, Hashable {
        /// The file or its folder could not be opened or created (missing folder, permissions).
        case cannotOpen
        /// The file exists but is not an SQLite database at all.
        case notADatabase
        /// An SQLite database written by some other program; never adopted or modified.
        case foreignDatabase
        /// Written by a newer feedwatch whose schema this build does not know.
        case newerSchema
        /// Read-only open of a file whose schema still needs a migration this process may not run.
        case olderSchema
        /// SQLite found the file damaged.
        case corrupt
        /// The disk (or a file size limit) is full; the write was rolled back.
        case diskFull
        /// Another process held the file locked for longer than the busy timeout.
        case busy
        /// A write through a read-only handle, or to a file or folder without write permission.
        case readOnly
        /// The operating system reported an I/O error.
        case ioError
        /// Anything else SQLite reported.
        case other
    }

    /// What kind of failure this is.
    public var code: Code
    /// The state file concerned, as given to ``StateStore/open(path:)``.
    public var path: String
    /// What feedwatch was doing (e.g. "saving feed https://x/feed"); empty while opening.
    public var context: String
    /// SQLite's message, or feedwatch's own explanation for the checks it makes itself.
    public var message: String
    /// SQLite's extended result code, or 0 when the failure was detected by feedwatch.
    public var sqliteCode: Int32

    /// Builds an error; the pipeline never needs to, but tests and wrappers may.
    public init(code: Code, path: String, context: String = "", message: String, sqliteCode: Int32 = 0) {
        self.code = code
        self.path = path
        self.context = context
        self.message = message
        self.sqliteCode = sqliteCode
    }

    /// One line naming the file, ready for a log or the terminal.
    public var description: String {
        // A PostgreSQL state is named by its (password-less) URL, an SQLite one by its path.
        let noun = path.contains("://") ? "state database" : "state file"
        switch code {
        case .notADatabase, .foreignDatabase:
            return "\(path) is not a feedwatch \(noun): \(message)"
        case .newerSchema, .olderSchema:
            return "\(noun) \(path) \(message)"
        default:
            let what = context.isEmpty ? "" : "\(context): "
            return "\(noun) \(path): \(what)\(message)"
        }
    }

    /// The same error with what feedwatch was doing attached, for messages raised deep in SQL code.
    func during(_ what: String) -> StateError {
        var copy = self
        if copy.context.isEmpty { copy.context = what }
        return copy
    }
}

extension StateError {
    /// A state written by a newer feedwatch, in the same words for both engines.
    public static func newerSchema(_ found: Int, latest: Int, path: String) -> StateError {
        StateError(code: .newerSchema, path: path,
                   message: "was written by a newer feedwatch (schema \(found), this build knows \(latest))")
    }

    /// A read-only open of a state that still needs a migration, in the same words for both engines.
    public static func olderSchema(_ found: Int, latest: Int, path: String) -> StateError {
        StateError(code: .olderSchema, path: path,
                   message: "has schema \(found), this build needs \(latest): run feedwatch with write access once to upgrade it")
    }
}
