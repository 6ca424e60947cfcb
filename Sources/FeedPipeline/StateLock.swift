#if canImport(Glibc)
import Glibc
#endif

/// One pipeline per state file: an exclusive `flock` on `<state>.lock`, held for the life of
/// the process, so a second `run` or `once` stops at once instead of interleaving writes.
public final class StateLock: Sendable {
    private let fd: Int32

    public struct Busy: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var holder: String?
        /// Set when the lock file itself could not be opened (permissions, missing folder).
        public var openError: String?
        public var description: String {
            if let openError { return "cannot open lock file \(path).lock: \(openError)" }
            return "another feedwatch is already using \(path)" + (holder.map { " (pid \($0))" } ?? "")
        }
    }

    public init(statePath: String) throws(Busy) {
        let path = statePath + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            throw Busy(path: statePath, holder: nil, openError: String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            close(fd)
            let pid = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters() : nil
            throw Busy(path: statePath, holder: pid?.isEmpty == false ? pid : nil, openError: nil)
        }
        // Record who holds it, for the message a second instance prints.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = fd
    }

    deinit { close(fd) }
}

private extension String {
    func trimmingCharacters() -> String { String(filter { !$0.isWhitespace }) }
}
