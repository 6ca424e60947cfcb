import FeedFetch
import FeedwatchConfig
import FlyingFox
import Foundation
import Testing
import TestSupport

/// The fetcher against a real HTTP/1.1 server on loopback: every hostile or unusual behaviour
/// the issue lists, each answered with a classified result and never a hang.
@Suite struct FetcherTests {
    /// Generous limits: the in-process server shares two cores with every other test running in
    /// parallel, so only tests about timeouts set short ones.
    static func settings(timeout: Duration = .seconds(20), concurrency: Int = 8, perHost: Int = 4) -> FetchSettings {
        var settings = FetchSettings()
        settings.timeout = timeout
        settings.connectTimeout = .seconds(10)
        settings.maxBytes = TestServer.maxBytes
        settings.concurrency = concurrency
        settings.perHost = perHost
        settings.userAgent = "feedwatch-test/1"
        return settings
    }

    /// Fetches one URL with a fresh fetcher and shuts it down again.
    static func fetch(_ url: String, settings: FetchSettings = settings(), lowSpeed: LowSpeedLimit = LowSpeedLimit(),
                      validators: Validators = .none, allowFile: Bool = false) async throws -> FetchResult {
        let fetcher = try Fetcher(settings: settings, lowSpeed: lowSpeed)
        let result = await fetcher.fetch(FetchRequest(url: url, allowFile: allowFile, validators: validators))
        await fetcher.shutdown(abortAfter: .zero)
        return result
    }

    static func document(_ result: FetchResult) throws -> FetchedDocument {
        guard case .fetched(let document) = result.outcome else {
            Issue.record("expected a body, got \(result.outcome)")
            throw CocoaError(.fileReadUnknown)
        }
        return document
    }

    @Test func conditionalRequestGets304WithSavedValidators() async throws {
        try await TestServer.with { server in
            let first = try Self.document(try await Self.fetch(server.url("/feed")))
            #expect(first.body == [UInt8](TestServer.feedBody))
            #expect(first.validators == Validators(etag: TestServer.etag, lastModified: TestServer.lastModified))
            #expect(first.charset == "ISO-8859-1")
            #expect(first.maxAge == .seconds(7200))

            let second = try await Self.fetch(server.url("/feed"), validators: first.validators)
            #expect(second.outcome == .notModified(maxAge: nil))
            #expect(second.httpStatus == 304)

            let sent = await server.log.headers["/feed"] ?? []
            try #require(sent.count == 2)
            #expect(sent[0][HTTPHeader("If-None-Match")] == nil)
            #expect(sent[1][HTTPHeader("If-None-Match")] == TestServer.etag)
            #expect(sent[1][HTTPHeader("If-Modified-Since")] == TestServer.lastModified)
            #expect(sent[0][HTTPHeader("User-Agent")] == "feedwatch-test/1")
            #expect(sent[0][HTTPHeader("Accept")]?.hasPrefix("application/rss+xml") == true)
            #expect(sent[0][HTTPHeader("Accept-Encoding")]?.contains("gzip") == true)
        }
    }

    @Test func validatorsWithLineBreaksAreNotSent() async throws {
        try await TestServer.with { server in
            let hostile = Validators(etag: "\"a\"\r\nX-Injected: 1", lastModified: "Mon\r\nX-Other: 2")
            _ = try Self.document(try await Self.fetch(server.url("/feed"), validators: hostile))
            let sent = try #require(await server.log.headers["/feed"]?.first)
            #expect(sent[HTTPHeader("X-Injected")] == nil)
            #expect(sent[HTTPHeader("If-None-Match")] == nil)
            #expect(sent[HTTPHeader("If-Modified-Since")] == nil)
        }
    }

    @Test func gzipBodyIsDecoded() async throws {
        try await TestServer.with { server in
            let document = try Self.document(try await Self.fetch(server.url("/gzip")))
            #expect(document.body == [UInt8](TestServer.feedBody))
        }
    }

    @Test(arguments: [("/r301", true), ("/r308", true), ("/r302", false), ("/r307", false), ("/r301-302", false)])
    func redirectsAreFollowedAndOnlyPermanentChainsRecorded(path: String, permanent: Bool) async throws {
        try await TestServer.with { server in
            let result = try await Self.fetch(server.url(path))
            _ = try Self.document(result)
            #expect(result.effectiveURL == server.url("/feed"))
            #expect(result.permanentRedirect == (permanent ? server.url("/feed") : nil))
        }
    }

    @Test func redirectLoopFails() async throws {
        try await TestServer.with { server in
            let result = try await Self.fetch(server.url("/loop"))
            #expect(result.outcome.error?.kind == .redirect)
        }
    }

    @Test func redirectToAnotherSchemeIsRefused() async throws {
        try await TestServer.with { server in
            let result = try await Self.fetch(server.url("/to-ftp"))
            #expect(result.outcome.error?.kind == .redirect)
            #expect(result.permanentRedirect == nil)
        }
    }

    @Test func redirectToFileIsRefusedAndLeaksNothing() async throws {
        try await TestServer.with { server in
            let result = try await Self.fetch(server.url("/to-file"), allowFile: true)
            #expect(result.outcome.error?.kind == .redirect)
            #expect(result.outcome.error?.message
                == "\(server.url("/to-file")): redirect refused (to file:///etc/hostname: only http and https may be redirected to)")
            let secret = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if !secret.isEmpty {
                #expect(!String(describing: result).contains(secret))
            }
        }
    }

    @Test(arguments: [404, 410, 500, 503])
    func errorStatusesAreClassified(code: Int) async throws {
        try await TestServer.with { server in
            let url = server.url("/status/\(code)")
            let error = try #require(try await Self.fetch(url).outcome.error)
            #expect(error.kind == .httpStatus(code))
            #expect(error.retryAfter == nil)
            #expect(error.message == "\(url): HTTP \(code)")
        }
    }

    @Test func retryAfterInSecondsDateAndCapped() async throws {
        try await TestServer.with { server in
            let seconds = try #require(try await Self.fetch(server.url("/429-seconds")).outcome.error)
            #expect(seconds.kind == .httpStatus(429))
            #expect(seconds.retryAfter == .seconds(120))
            #expect(seconds.message == "\(server.url("/429-seconds")): HTTP 429, retry after 120s")

            let date = try #require(try await Self.fetch(server.url("/429-date")).outcome.error)
            let wait = try #require(date.retryAfter)
            #expect(wait > .seconds(590) && wait <= .seconds(600))

            let capped = try #require(try await Self.fetch(server.url("/503-retry")).outcome.error)
            #expect(capped.kind == .httpStatus(503))
            #expect(capped.retryAfter == .seconds(24 * 3600))
        }
    }

    @Test(arguments: ["/big-length", "/big-chunked", "/bomb"])
    func bodyOverTheCapFails(path: String) async throws {
        try await TestServer.with { server in
            let error = try #require(try await Self.fetch(server.url(path)).outcome.error)
            #expect(error.kind == .tooLarge)
            #expect(error.message.contains("\(TestServer.maxBytes)"))
        }
    }

    @Test func silentServerTimesOut() async throws {
        try await TestServer.with { server in
            let error = try #require(try await Self.fetch(server.url("/hang"), settings: Self.settings(timeout: .seconds(1))).outcome.error)
            #expect(error.kind == .timeout)
        }
    }

    @Test func tricklingServerHitsTheLowSpeedLimit() async throws {
        try await TestServer.with { server in
            let result = try await Self.fetch(server.url("/trickle"), settings: Self.settings(timeout: .seconds(20)),
                                              lowSpeed: LowSpeedLimit(bytesPerSecond: 10, window: .seconds(1)))
            let error = try #require(result.outcome.error)
            #expect(error.kind == .timeout)
            #expect(error.detail.contains("too slow"))
        }
    }

    @Test func refusedConnectionIsClassified() async throws {
        let port = try Fixtures.closedPort()
        let error = try #require(try await Self.fetch("http://127.0.0.1:\(port)/feed").outcome.error)
        #expect(error.kind == .connect)
    }

    @Test func unresolvableHostIsClassified() async throws {
        let error = try #require(try await Self.fetch("http://feedwatch-test.invalid/feed").outcome.error)
        #expect(error.kind == .dns)
        #expect(error.message.hasPrefix("http://feedwatch-test.invalid/feed: DNS lookup failed"))
    }

    @Test func htmlPageIsDeliveredWithItsContentType() async throws {
        try await TestServer.with { server in
            let document = try Self.document(try await Self.fetch(server.url("/html")))
            #expect(document.contentType == "text/html; charset=utf-8")
            #expect(document.charset == "utf-8")
            #expect(String(decoding: document.body, as: UTF8.self).contains("Not a feed"))
        }
    }

    @Test func emptyBodyIsDelivered() async throws {
        try await TestServer.with { server in
            let document = try Self.document(try await Self.fetch(server.url("/empty")))
            #expect(document.body.isEmpty)
        }
    }

    @Test func fileURLsOnlyWhenAllowed() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("feed.xml", "<rss/>")
        let allowed = try Self.document(try await Self.fetch("file://\(path)", allowFile: true))
        #expect(allowed.body == Array("<rss/>".utf8))
        let refused = try #require(try await Self.fetch("file://\(path)").outcome.error)
        #expect(refused.kind == .protocol)
        let missing = try #require(try await Self.fetch("file://\(directory.path)/none.xml", allowFile: true).outcome.error)
        #expect(missing.kind == .file)
        let big = try directory.write("big.xml", String(repeating: "x", count: TestServer.maxBytes + 1))
        let tooLarge = try #require(try await Self.fetch("file://\(big)", allowFile: true).outcome.error)
        #expect(tooLarge.kind == .tooLarge)
    }

    @Test(arguments: ["ftp://127.0.0.1/feed", "not a url", "gopher://127.0.0.1/"])
    func unsupportedOrMalformedURLsFailBeforeConnecting(url: String) async throws {
        let error = try #require(try await Self.fetch(url).outcome.error)
        #expect(error.kind == .protocol)
    }
}
