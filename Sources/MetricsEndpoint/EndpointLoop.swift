#if canImport(Glibc)
import Glibc
#endif

/// The endpoint thread's `poll(2)` loop: accepts, reads request heads, writes answers, enforces
/// `EndpointLimits`. Everything here is owned by that one thread.
struct EndpointLoop: Sendable {
    private enum Phase {
        /// Collecting the request head.
        case reading
        /// Sending the answer.
        case writing
        /// Answer sent and our side shut down: discarding what the client still sends until it closes.
        case lingering
    }

    private struct Client {
        let fd: Int32
        let deadline: ContinuousClock.Instant
        var phase = Phase.reading
        var received: [UInt8] = []
        var answer: [UInt8] = []
        var sent = 0
        var discarded = 0
    }

    let listener: Int32
    let wake: Int32
    let limits: EndpointLimits
    let handler: @Sendable (RequestHead) -> EndpointResponse
    private var clients: [Client] = []

    init(listener: Int32, wake: Int32, limits: EndpointLimits, handler: @escaping @Sendable (RequestHead) -> EndpointResponse) {
        self.listener = listener
        self.wake = wake
        self.limits = limits
        self.handler = handler
    }

    mutating func run(until stopping: () -> Bool) {
        while !stopping() {
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0), pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            for client in clients {
                fds.append(pollfd(fd: client.fd, events: Int16(client.phase == .writing ? POLLOUT : POLLIN), revents: 0))
            }
            let ready = poll(&fds, nfds_t(fds.count), pollTimeout())
            if ready < 0, errno != EINTR { break }
            if fds[1].revents != 0 { acceptAll() }
            // Clients polled are the first `fds.count - 2`; accepted ones are appended after them.
            for index in stride(from: fds.count - 3, through: 0, by: -1) where fds[index + 2].revents != 0 {
                serve(index, revents: fds[index + 2].revents)
            }
            expire()
        }
        for client in clients { close(client.fd) }
        clients = []
        close(listener)
    }

    /// Until the nearest deadline, at most a second (a stop also wakes the loop at once).
    private func pollTimeout() -> Int32 {
        guard let nearest = clients.map(\.deadline).min() else { return 1000 }
        let left = nearest - .now
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        return Int32(min(1000, seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1))
    }

    private mutating func acceptAll() {
        for _ in 0..<64 {
            // accept4 is not in Swift's Glibc module: accept, then the same two flags by fcntl.
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            guard clients.count < limits.maxConnections else {
                // Full: a short refusal the socket buffer takes whole, then gone.
                let refusal = EndpointResponse.plain(503).encoded(headOnly: false)
                _ = refusal.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(fd)
                continue
            }
            clients.append(Client(fd: fd, deadline: .now + limits.requestTimeout))
        }
    }

    private mutating func serve(_ index: Int, revents: Int16) {
        switch clients[index].phase {
        case .reading: receive(index)
        case .writing: transmit(index)
        case .lingering: discard(index)
        }
    }

    private mutating func receive(_ index: Int) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let room = limits.maxHeaderBytes - clients[index].received.count
        let count = chunk.withUnsafeMutableBytes { recv(clients[index].fd, $0.baseAddress, min($0.count, room), 0) }
        if count < 0, errno == EAGAIN || errno == EINTR { return }
        guard count > 0 else { return drop(index) }
        let before = clients[index].received.count
        clients[index].received += chunk[0..<count]
        if let end = endOfHead(clients[index].received, searchedUpTo: before) {
            clients[index].answer = respond(to: clients[index].received[0..<end])
            startAnswer(index)
        } else if clients[index].received.count >= limits.maxHeaderBytes {
            clients[index].answer = EndpointResponse.plain(431).encoded(headOnly: false)
            startAnswer(index)
        }
    }

    /// The answer to a complete head, as bytes on the wire.
    private func respond(to head: ArraySlice<UInt8>) -> [UInt8] {
        switch RequestHead.parse(head) {
        case .failure(let rejection):
            return EndpointResponse.plain(rejection.status).encoded(headOnly: false)
        case .success(let request):
            return handler(request).encoded(headOnly: request.method == "HEAD")
        }
    }

    private mutating func startAnswer(_ index: Int) {
        clients[index].received = []
        clients[index].phase = .writing
        transmit(index)
    }

    private mutating func transmit(_ index: Int) {
        while clients[index].sent < clients[index].answer.count {
            let sent = clients[index].sent
            let count = clients[index].answer.withUnsafeBytes { raw in
                send(clients[index].fd, raw.baseAddress.map { $0 + sent }, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0, errno == EAGAIN || errno == EINTR { return }
            guard count > 0 else { return drop(index) }
            clients[index].sent += count
        }
        clients[index].answer = []
        shutdown(clients[index].fd, Int32(SHUT_WR))
        clients[index].phase = .lingering
    }

    private mutating func discard(_ index: Int) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(clients[index].fd, $0.baseAddress, $0.count, 0) }
        if count < 0, errno == EAGAIN || errno == EINTR { return }
        clients[index].discarded += max(0, count)
        if count <= 0 || clients[index].discarded > limits.maxDiscardBytes { drop(index) }
    }

    /// Closes connections past their deadline; one still waiting for its answer gets a 408 first
    /// if the socket takes it at once.
    private mutating func expire() {
        let now = ContinuousClock.now
        for index in stride(from: clients.count - 1, through: 0, by: -1) where clients[index].deadline <= now {
            if clients[index].phase == .reading {
                let timeout = EndpointResponse.plain(408).encoded(headOnly: false)
                _ = timeout.withUnsafeBytes { send(clients[index].fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            drop(index)
        }
    }

    private mutating func drop(_ index: Int) {
        close(clients[index].fd)
        clients.remove(at: index)
    }
}
