#if canImport(Glibc)
import Glibc
#endif

/// Speaks systemd's notify protocol (sd_notify(3)) without libsystemd: one datagram of
/// newline-separated `KEY=VALUE` pairs to the socket named by `$NOTIFY_SOCKET`.
///
/// Without `$NOTIFY_SOCKET` (not started by systemd, or `Type=` other than notify) every call is
/// a no-op, so the daemon runs the same by hand.
public struct ServiceNotifier: Sendable {
    private let address: [UInt8]?

    public init(environment: [String: String]) {
        guard let socket = environment["NOTIFY_SOCKET"], !socket.isEmpty,
              socket.hasPrefix("/") || socket.hasPrefix("@") else {
            address = nil
            return
        }
        var bytes = Array(socket.utf8)
        // A leading '@' names an abstract socket: its first byte is NUL, and no trailing NUL counts.
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        address = bytes
    }

    public var isActive: Bool { address != nil }

    /// Sends the pairs; failures are ignored, as sd_notify's are (systemd may have gone away).
    public func send(_ pairs: [String: String]) {
        send(pairs.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n"))
    }

    public func send(_ message: String) {
        guard let address else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard address.count < capacity else { return }
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            for (index, byte) in address.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + address.count + (address.first == 0 ? 0 : 1))
        let payload = Array(message.utf8)
        _ = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                payload.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length) }
            }
        }
    }

    /// `CLOCK_MONOTONIC` in microseconds, for `MONOTONIC_USEC=` beside `RELOADING=1`.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
