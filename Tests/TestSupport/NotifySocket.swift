import Foundation
import Synchronization

/// A test-owned `$NOTIFY_SOCKET`: an AF_UNIX datagram socket that collects what a child
/// process tells "systemd".
public final class NotifySocket: Sendable {
    public let path: String
    private let fd: Int32
    private let received = Received()

    private final class Received: Sendable {
        let messages = Mutex<[String]>([])
    }

    public init(directory: String) throws {
        path = directory + "/notify.sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw CocoaError(.fileWriteInvalidFileName) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard status == 0 else { throw CocoaError(.fileWriteUnknown) }
        let socketFD = fd
        let received = self.received
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                let message = String(decoding: buffer[0..<count], as: UTF8.self)
                received.messages.withLock { $0.append(message) }
            }
        }
        thread.start()
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    /// Every datagram so far, in arrival order.
    public var messages: [String] { received.messages.withLock { $0 } }

    /// Waits until some `STATUS=` line satisfies `condition`.
    public func waitForStatus(timeout: Duration = .seconds(15), _ condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let statuses = messages.flatMap { $0.split(separator: "\n") }.filter { $0.hasPrefix("STATUS=") }
            if statuses.contains(where: { condition(String($0.dropFirst(7))) }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits until some message has a line equal to `line` (e.g. `READY=1`), after `skipping`
    /// messages; returns the index of that message or nil on timeout.
    public func waitFor(_ line: String, after skipping: Int = 0, timeout: Duration = .seconds(15)) async -> Int? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let all = messages
            if let index = all.indices.dropFirst(skipping).first(where: { all[$0].split(separator: "\n").contains(Substring(line)) }) {
                return index
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
