import Dispatch
import FeedwatchConfig
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What one client may cost the daemon at most.
public struct EndpointLimits: Sendable {
    /// Request line and headers together; more is answered 431 and the connection closed.
    public var maxHeaderBytes = 8192
    /// Connections held at once; one more is answered 503 and closed at once.
    public var maxConnections = 16
    /// From accept to the last byte of the answer: a client slower than this (sending its
    /// head, or reading the answer) is cut off, with 408 if it had no answer yet.
    public var requestTimeout: Duration = .seconds(5)
    /// After the answer, bytes still read and thrown away so that closing does not reset the
    /// connection under the client's feet (a lingering close); past this the socket is closed.
    public var maxDiscardBytes = 64 * 1024

    public init() {}
}

/// Why the endpoint could not start (the address is taken, not local, …).
public struct EndpointError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// A small HTTP/1.1 server on a POSIX socket and a thread of its own.
///
/// Not FlyingFox (which the tests use as a feed server): it reads header lines without a
/// size limit, holds any number of connections and bounds only the handler's time, not a
/// client's; and, running on Swift's cooperative pool, it could not answer `/healthz` while
/// that pool is stuck, which is when the answer matters most. This one has one thread and
/// one `poll(2)` loop, non-blocking sockets, and the limits of `EndpointLimits`; it reads the
/// request head only (never a body) and closes every connection after one answer.
public final class HTTPEndpoint: Sendable {
    /// The address bound, with the port the kernel chose when the config said 0.
    public let address: ListenAddress
    /// A pipe whose write end `stop()` writes to, waking the loop from `poll`.
    private let wake: (read: Int32, write: Int32)
    private let finished = DispatchSemaphore(value: 0)
    private let stopping = StopFlag()

    public init(listen: ListenAddress, limits: EndpointLimits = EndpointLimits(),
                handler: @escaping @Sendable (RequestHead) -> EndpointResponse) throws(EndpointError) {
        let socket = try ListeningSocket.open(listen)
        address = socket.address
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            close(socket.fd)
            throw EndpointError(description: "metrics: pipe failed: \(String(cString: strerror(errno)))")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        wake = (ends[0], ends[1])
        let loop = EndpointLoop(listener: socket.fd, wake: ends[0], limits: limits, handler: handler)
        let finished = self.finished
        let thread = Thread { [stopping] in
            var loop = loop
            loop.run { stopping.isSet }
            finished.signal()
        }
        thread.name = "feedwatch-metrics"
        thread.start()
    }

    /// Closes the listening socket and every connection; returns when the thread has ended.
    public func stop() {
        guard stopping.set() else { return }
        var one: UInt8 = 1
        _ = write(wake.write, &one, 1)
        finished.wait()
        close(wake.read)
        close(wake.write)
    }

    deinit { stop() }
}

/// Set once by `stop()`, read by the loop after every wake.
private final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    /// Sets the flag; false when it was already set.
    func set() -> Bool { !value.exchange(true, ordering: .acquiringAndReleasing) }
}

/// The bound, listening socket.
struct ListeningSocket {
    let fd: Int32
    let address: ListenAddress

    static func open(_ listen: ListenAddress) throws(EndpointError) -> ListeningSocket {
        let family = listen.family == .ipv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw failure("socket", listen) }
        var on: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET6 { _ = setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &on, socklen_t(MemoryLayout<Int32>.size)) }
        var port = listen.port
        let bound: Int32
        var parsed = true
        if family == AF_INET6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            parsed = inet_pton(AF_INET6, listen.host, &address.sin6_addr) == 1
            bound = parsed ? bindAddress(fd, &address) : -1
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            parsed = inet_pton(AF_INET, listen.host, &address.sin_addr) == 1
            bound = parsed ? bindAddress(fd, &address) : -1
        }
        guard parsed else {
            close(fd)
            throw EndpointError(description: "metrics: \(listen.host) is not an \(family == AF_INET6 ? "IPv6" : "IPv4") address")
        }
        guard bound == 0, Glibc.listen(fd, 64) == 0 else {
            let error = failure("bind", listen)
            close(fd)
            throw error
        }
        if port == 0 { port = boundPort(fd) }
        return ListeningSocket(fd: fd, address: ListenAddress(host: listen.host, port: port, family: listen.family))
    }

    /// `bind(2)` with either family's address structure.
    private static func bindAddress<Address>(_ fd: Int32, _ address: inout Address) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
    }

    /// The port `getsockname` reports (the same offset in sockaddr_in and sockaddr_in6).
    private static func boundPort(_ fd: Int32) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return 0 }
        return withUnsafeBytes(of: &storage) { raw in UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: 2, as: UInt16.self)) }
    }

    private static func failure(_ call: String, _ listen: ListenAddress) -> EndpointError {
        EndpointError(description: "metrics: cannot listen on \(listen): \(call): \(String(cString: strerror(errno)))")
    }
}
