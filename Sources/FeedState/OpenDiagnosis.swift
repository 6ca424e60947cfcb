#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SQLite's terse "unable to open database file" into the reason an operator can fix.
enum OpenDiagnosis {
    static func explain(rc: Int32, message: String, systemError: Int32, path: String, readOnly: Bool) -> StateError {
        let code = StateError.Code(sqlite: rc)
        guard code == .cannotOpen else {
            return StateError(code: code, path: path, message: message, sqliteCode: rc)
        }
        let folder = directory(of: path)
        let reason: String
        if !isDirectory(folder) {
            reason = "folder \(folder) does not exist (create it first)"
        } else if readOnly && access(path, F_OK) != 0 {
            reason = "file does not exist (feedwatch has not run with this state file yet)"
        } else if systemError != 0 {
            reason = "\(message): \(String(cString: strerror(systemError)).lowercased())"
        } else {
            reason = message
        }
        return StateError(code: .cannotOpen, path: path, context: "cannot open", message: reason, sqliteCode: rc)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
