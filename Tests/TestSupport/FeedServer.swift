import FlyingFox
import Foundation

/// A real HTTP/1.1 server on 127.0.0.1 (port chosen by the kernel) serving documents the test
/// sets and changes between passes; unknown paths answer 404.
public final class FeedServer: Sendable {
    private let server: HTTPServer
    private let task: Task<Void, any Error>
    private let documents = Documents()
    public let port: UInt16

    private actor Documents {
        var bodies: [String: Data] = [:]
        var hits: [String: Int] = [:]
        var proxiedURLs: [String] = []

        func proxied(_ url: String) { proxiedURLs.append(url) }

        func set(_ path: String, _ body: Data?) { bodies[path] = body }

        func get(_ path: String) -> Data? {
            hits[path, default: 0] += 1
            return bodies[path]
        }

        func count(_ path: String) -> Int { hits[path] ?? 0 }
    }

    public init() async throws {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled)
        let documents = self.documents
        await server.appendRoute("GET *") { request in
            // As a proxy it is asked for other hosts' URLs: note them, serve them by path all the same.
            let host = request.headers[.host] ?? ""
            if !host.hasPrefix("127.0.0.1") { await documents.proxied("http://\(host)\(request.path)") }
            guard let body = await documents.get(request.path) else { return HTTPResponse(statusCode: .notFound) }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/rss+xml; charset=utf-8"], body: body)
        }
        task = Task { try await server.run() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port) = await server.listeningAddress else { throw CocoaError(.featureUnsupported) }
        self.server = server
        self.port = port
    }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    public func set(_ path: String, _ body: String?) async { await documents.set(path, body.map { Data($0.utf8) }) }

    public func requests(_ path: String) async -> Int { await documents.count(path) }

    /// URLs of other hosts requested through this server as a proxy, in order.
    public func proxiedURLs() async -> [String] { await documents.proxiedURLs }

    public func stop() async {
        await server.stop(timeout: 0)
        task.cancel()
    }
}

/// Builds small RSS 2.0 documents for tests.
public enum RSS {
    public struct Item: Sendable {
        public var guid: String
        public var title: String
        public var description: String
        public var published: Date?

        public init(_ guid: String, _ title: String, _ description: String = "", published: Date? = nil) {
            self.guid = guid
            self.title = title
            self.description = description
            self.published = published
        }
    }

    public static func document(title: String = "Test feed", _ items: [Item]) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let body = items.map { item in
            """
            <item><guid isPermaLink="false">\(item.guid)</guid><title>\(escape(item.title))</title>\
            <link>https://example.org/\(item.guid)</link><description>\(escape(item.description))</description>\
            \(item.published.map { "<pubDate>\(formatter.string(from: $0))</pubDate>" } ?? "")</item>
            """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>\(escape(title))</title><link>https://example.org/</link>
            \(body)
            </channel></rss>
            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
