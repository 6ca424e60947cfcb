import FlyingFox
import FlyingSocks
import Foundation
import TestSupport

/// What the server saw: request headers per path, and how many requests were in flight at once.
actor ServerLog {
    private(set) var headers: [String: [HTTPHeaders]] = [:]
    private var inFlight = 0
    private(set) var maxInFlight = 0
    /// Client addresses seen: one per TCP connection.
    private(set) var clients: Set<HTTPRequest.Address> = []

    func record(_ request: HTTPRequest) {
        headers[request.path, default: []].append(request.headers)
        if let address = request.remoteAddress { clients.insert(address) }
    }

    func enter() {
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
    }

    func leave() { inFlight -= 1 }
}

/// A real HTTP/1.1 server on 127.0.0.1, on a port the kernel picks, with one route per
/// behaviour the fetcher must survive.
final class TestServer: Sendable {
    let server: HTTPServer
    let log = ServerLog()
    let port: UInt16
    static let maxBytes = 64 * 1024
    static let feedBody = Data("<rss version=\"2.0\"><channel><title>t</title></channel></rss>".utf8)
    static let etag = "\"v1\""
    static let lastModified = "Wed, 21 Oct 2015 07:28:00 GMT"

    private init(server: HTTPServer, port: UInt16) {
        self.server = server
        self.port = port
    }

    func url(_ path: String, host: String = "127.0.0.1") -> String { "http://\(host):\(port)\(path)" }

    /// Starts the server, runs `body`, and stops the server even when `body` throws.
    static func with<T>(_ body: (TestServer) async throws -> T) async throws -> T {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled)
        let task = Task { try await server.run() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port) = await server.listeningAddress else {
            throw CocoaError(.featureUnsupported)
        }
        let test = TestServer(server: server, port: port)
        await test.addRoutes()
        do {
            let result = try await body(test)
            await server.stop(timeout: 0)
            task.cancel()
            return result
        } catch {
            await server.stop(timeout: 0)
            task.cancel()
            throw error
        }
    }

    private func route(_ route: String, _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) async {
        let log = self.log
        await server.appendRoute(HTTPRoute(route)) { request in
            await log.record(request)
            return try await handler(request)
        }
    }

    private func addRoutes() async {
        await route("GET /feed") { request in
            if request.headers[HTTPHeader("If-None-Match")] == Self.etag {
                return HTTPResponse(statusCode: .notModified, headers: HTTPHeaders([HTTPHeader("ETag"): Self.etag]))
            }
            return HTTPResponse(statusCode: .ok, headers: HTTPHeaders([
                HTTPHeader("Content-Type"): "application/rss+xml; charset=\"ISO-8859-1\"",
                HTTPHeader("ETag"): Self.etag, HTTPHeader("Last-Modified"): Self.lastModified,
                HTTPHeader("Cache-Control"): "public, max-age=7200",
            ]), body: Self.feedBody)
        }
        let gzipped = Fixtures.gzippedFeed
        await route("GET /gzip") { _ in
            HTTPResponse(statusCode: .ok, headers: HTTPHeaders([HTTPHeader("Content-Encoding"): "gzip",
                                                    HTTPHeader("Content-Type"): "application/xml"]),
                         body: gzipped ?? Data())
        }
        let bomb = Fixtures.bomb
        await route("GET /bomb") { _ in
            HTTPResponse(statusCode: .ok, headers: HTTPHeaders([HTTPHeader("Content-Encoding"): "gzip"]), body: bomb ?? Data())
        }
        for (path, code, target) in [("/r301", 301, "/r308"), ("/r308", 308, "/feed"), ("/r302", 302, "/feed"),
                                     ("/r307", 307, "/feed"), ("/r301-302", 301, "/r302"), ("/loop", 302, "/loop"),
                                     ("/to-file", 302, "file:///etc/hostname"),
                                     ("/to-ftp", 301, "ftp://127.0.0.1/feed")] {
            await route("GET \(path)") { _ in
                HTTPResponse(statusCode: HTTPStatusCode(code, phrase: "Moved"), headers: HTTPHeaders([.location: target]))
            }
        }
        for code in [404, 410, 500, 503] {
            await route("GET /status/\(code)") { _ in HTTPResponse(statusCode: HTTPStatusCode(code, phrase: "Status")) }
        }
        await route("GET /429-seconds") { _ in
            HTTPResponse(statusCode: HTTPStatusCode(429, phrase: "Too Many Requests"), headers: HTTPHeaders([HTTPHeader("Retry-After"): "120"]))
        }
        await route("GET /429-date") { _ in
            HTTPResponse(statusCode: HTTPStatusCode(429, phrase: "Too Many Requests"),
                         headers: HTTPHeaders([HTTPHeader("Retry-After"): Fixtures.httpDate(Date().addingTimeInterval(600))]))
        }
        await route("GET /503-retry") { _ in
            HTTPResponse(statusCode: HTTPStatusCode(503, phrase: "Unavailable"), headers: HTTPHeaders([HTTPHeader("Retry-After"): "999999"]))
        }
        await route("GET /big-length") { _ in
            HTTPResponse(statusCode: .ok, body: Data(repeating: 0x41, count: Self.maxBytes + 1))
        }
        await route("GET /big-chunked") { _ in
            HTTPResponse(statusCode: .ok, body: HTTPBodySequence(from: Drip(count: Self.maxBytes * 4, chunk: 8192)))
        }
        await route("GET /trickle") { _ in
            HTTPResponse(statusCode: .ok, body: HTTPBodySequence(from: Drip(count: 60, chunk: 1, pause: .seconds(1))))
        }
        await route("GET /hang") { _ in
            try await Task.sleep(for: .seconds(20))
            return HTTPResponse(statusCode: .ok)
        }
        await route("GET /html") { _ in
            HTTPResponse(statusCode: .ok, headers: HTTPHeaders([HTTPHeader("Content-Type"): "text/html; charset=utf-8"]),
                         body: Data("<!doctype html><html><body>Not a feed</body></html>".utf8))
        }
        await route("GET /empty") { _ in HTTPResponse(statusCode: .ok) }
        let log = self.log
        await route("GET /slow/*") { _ in
            await log.enter()
            try? await Task.sleep(for: .milliseconds(15))
            await log.leave()
            return HTTPResponse(statusCode: .ok, body: Self.feedBody)
        }
    }
}

/// A body sent in pieces, optionally with a pause before each: without a known length
/// FlyingFox sends it chunked, so no Content-Length warns the client.
struct Drip: AsyncBufferedSequence {
    typealias Element = UInt8
    let count: Int
    let chunk: Int
    var pause: Duration = .zero

    func makeAsyncIterator() -> Iterator { Iterator(left: count, chunk: chunk, pause: pause) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var left: Int
        let chunk: Int
        let pause: Duration

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            guard left > 0 else { return nil }
            if pause > .zero { try await Task.sleep(for: pause) }
            let size = Swift.min(left, chunk, Swift.max(1, count))
            left -= size
            return [UInt8](repeating: 0x3C, count: size)
        }
    }
}

enum Fixtures {
    /// Made once per test run: `gzip` blocks its thread, which must not starve the servers.
    static let gzippedFeed = try? gzip(TestServer.feedBody)
    /// 16 MB of zeros in about 16 KB: far over the cap once decoded, far under it on the wire.
    static let bomb = try? gzip(Data(count: 16 * 1024 * 1024))

    /// Gzip with the system `gzip`, as a real publisher's server would send it.
    static func gzip(_ data: Data) throws -> Data {
        let directory = try TemporaryDirectory(prefix: "feedfetch-gzip")
        let path = "\(directory.path)/body"
        try data.write(to: URL(fileURLWithPath: path))
        let output = try runProcess("/bin/gzip", ["-n", "-9", path])
        guard output.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        return try Data(contentsOf: URL(fileURLWithPath: path + ".gz"))
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// A loopback port nothing listens on: bound, then closed again.
    static func closedPort() throws -> UInt16 {
        let socket = try Socket(domain: AF_INET)
        try socket.bind(to: .inet(ip4: "127.0.0.1", port: 0))
        guard case .ip4(_, let port) = try socket.sockname() else { throw CocoaError(.featureUnsupported) }
        try socket.close()
        return port
    }
}
