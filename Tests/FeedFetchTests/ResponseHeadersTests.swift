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

    /// The status code is read off the line's bytes; anything but digits in the second field is no status.
    @Test(arguments: [("HTTP/1.1 304 Not Modified\r\n", 304), ("HTTP/2 200 \r\n", 200), ("HTTP/2 200\r\n", 200),
                      ("HTTP/1.1  404  Not Found", 404), ("HTTP/1.1 200", 200), ("HTTP/1.0 503\tBusy", 503),
                      ("HTTP/1.1 20x OK", nil), ("HTTP/1.1 OK", nil), ("HTTP/1.1", nil), ("HTTP/1.1 \r\n", nil),
                      ("HTTP/1.1 -200 OK", nil), ("HTTP/1.1 9999999999999 OK", nil)] as [(String, Int?)])
    func statusCodeOfAStatusLine(line: String, code: Int?) {
        var copy = line
        #expect(copy.withUTF8 { ResponseHeaders.statusCode(UnsafeRawBufferPointer($0)) } == code)
        #expect(headers([line]).statuses == (code.map { $0 >= 200 ? [$0] : [] } ?? []))
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
