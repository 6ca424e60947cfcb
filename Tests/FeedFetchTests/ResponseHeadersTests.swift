@testable import FeedFetch
import Testing

@Suite struct ResponseHeadersTests {
    func headers(_ lines: [String]) -> ResponseHeaders {
        var headers = ResponseHeaders()
        lines.forEach { headers.consume(line: $0 + "\r\n") }
        return headers
    }

    @Test func lastResponseOfAChainWins() {
        let parsed = headers(["HTTP/1.1 301 Moved", "ETag: \"old\"", "", "HTTP/1.1 100 Continue", "",
                              "HTTP/2 200", "etag: \"new\"", "Last-Modified: Wed, 21 Oct 2015 07:28:00 GMT", ""])
        #expect(parsed.statuses == [301, 200])
        #expect(parsed.validators == Validators(etag: "\"new\"", lastModified: "Wed, 21 Oct 2015 07:28:00 GMT"))
        #expect(parsed.permanentRedirect(to: "https://new/feed") == "https://new/feed")
        #expect(headers(["HTTP/1.1 200 OK"]).permanentRedirect(to: "x") == nil)
        #expect(headers(["HTTP/1.1 308 P", "HTTP/1.1 307 T", "HTTP/1.1 200 OK"]).permanentRedirect(to: "x") == nil)
    }

    @Test(arguments: [("public, max-age=300", 300), ("max-age=\"60\"", 60), ("max-age=60, no-cache", nil),
                      ("no-store", nil), ("max-age=abc", nil), ("max-age=-5", nil), ("private", nil)] as [(String, Int?)])
    func cacheControlMaxAge(value: String, seconds: Int?) {
        #expect(ResponseHeaders.maxAge(cacheControl: value) == seconds.map { .seconds($0) })
    }

    @Test(arguments: [("text/xml; charset=\"windows-1252\"", "windows-1252"), ("application/rss+xml;Charset=UTF-8", "UTF-8"),
                      ("text/html", nil), ("text/xml; charset=", nil)] as [(String, String?)])
    func charsetParameter(value: String, charset: String?) {
        #expect(ResponseHeaders.charset(contentType: value) == charset)
    }

    @Test func errorMessagesAreOneLine() {
        let error = FetchError(.timeout, url: "https://x/feed", detail: "Operation too slow.\nLess than 10 bytes")
        #expect(error.message == "https://x/feed: timed out (Operation too slow. Less than 10 bytes)")
        let busy = FetchError(.httpStatus(503), url: "https://x/feed", retryAfter: .seconds(120))
        #expect(busy.message == "https://x/feed: HTTP 503, retry after 120s")
    }
}

@Suite struct HostQueuesTests {
    func job(_ host: String, _ index: Int) -> Job {
        Job(request: FetchRequest(url: "http://\(host)/\(index)"), host: host,
            batch: Batch(id: 1, count: 1, sink: { _ in }))
    }

    @Test func hostsTakeTurnsWithinTheirLimit() {
        var queues = HostQueues(perHost: 2)
        (0..<5).forEach { queues.enqueue(job("a", $0)) }
        queues.enqueue(job("b", 0))
        let order = (0..<4).compactMap { _ in queues.next()?.request.url }
        #expect(order == ["http://a/0", "http://b/0", "http://a/1"])
        queues.finished(host: "a")
        #expect(queues.next()?.request.url == "http://a/2")
        #expect(queues.next() == nil)
        #expect(queues.waitingCount == 2)
        let removed = queues.removeWaiting { _ in true }
        #expect(removed.map(\.request.url) == ["http://a/3", "http://a/4"])
        #expect(queues.waitingCount == 0)
    }
}
