import FeedFetch
import Foundation
import Testing

/// Limits, streaming order, cancellation and shutdown of the fetcher.
@Suite struct FetcherSchedulingTests {
    @Test func oneHostNeverSeesMoreThanPerHostConnections() async throws {
        try await TestServer.with { server in
            let requests = (0..<200).map { FetchRequest(url: server.url("/slow/\($0)")) }
            let fetched = try await Self.successes(requests, concurrency: 16, perHost: 3)
            #expect(fetched == 200)
            let peak = await server.log.maxInFlight
            #expect(peak <= 3)
            #expect(peak >= 2, "the limit should allow parallel transfers, saw \(peak)")
        }
    }

    @Test func globalLimitHoldsAcrossHosts() async throws {
        try await TestServer.with { server in
            let requests = (0..<60).flatMap { index in
                ["127.0.0.1", "localhost"].map { FetchRequest(url: server.url("/slow/\(index)", host: $0)) }
            }
            let fetched = try await Self.successes(requests, concurrency: 4, perHost: 3)
            #expect(fetched == 120)
            #expect(await server.log.maxInFlight <= 4)
        }
    }

    @Test func connectionsAreReused() async throws {
        try await TestServer.with { server in
            let requests = (0..<40).map { FetchRequest(url: server.url("/slow/\($0)")) }
            let fetched = try await Self.successes(requests, concurrency: 2, perHost: 2)
            #expect(fetched == 40)
            #expect(await server.log.clients.count <= 2)
        }
    }

    @Test func resultsArriveInCompletionOrder() async throws {
        try await TestServer.with { server in
            let fetcher = try Fetcher(settings: FetcherTests.settings(timeout: .seconds(60)))
            let stream = fetcher.fetch([FetchRequest(url: server.url("/hang")), FetchRequest(url: server.url("/feed"))])
            var order: [String] = []
            for await result in stream {
                order.append(result.request.url)
                // The fast feed arrived while the slow one still hangs: end the slow one now.
                if order.count == 1 { await fetcher.shutdown(abortAfter: .zero) }
            }
            #expect(order == [server.url("/feed"), server.url("/hang")])
        }
    }

    @Test func shutdownAbortsRunningTransfersAfterTheBound() async throws {
        try await TestServer.with { server in
            let fetcher = try Fetcher(settings: FetcherTests.settings(timeout: .seconds(30), perHost: 2))
            let requests = (0..<3).map { _ in FetchRequest(url: server.url("/hang")) }
            let stream = fetcher.fetch(requests)
            try await waitUntil { await server.log.headers["/hang"]?.count == 2 }
            await fetcher.shutdown(abortAfter: .milliseconds(100))
            var kinds: [FetchError.Kind?] = []
            for await result in stream { kinds.append(result.outcome.error?.kind) }
            #expect(kinds == [.cancelled, .cancelled, .cancelled])

            let late = await fetcher.fetch(FetchRequest(url: server.url("/feed")))
            #expect(late.outcome.error?.kind == .cancelled)
        }
    }

    @Test func cancellingTheTaskAbortsItsTransfer() async throws {
        try await TestServer.with { server in
            let fetcher = try Fetcher(settings: FetcherTests.settings(timeout: .seconds(30)))
            let task = Task { await fetcher.fetch(FetchRequest(url: server.url("/hang"))) }
            try await waitUntil { await server.log.headers["/hang"]?.count == 1 }
            task.cancel()
            #expect(await task.value.outcome.error?.kind == .cancelled)
            let next = await fetcher.fetch(FetchRequest(url: server.url("/feed")))
            #expect(next.outcome.isSuccess)
            await fetcher.shutdown(abortAfter: .zero)
        }
    }

    @Test func alreadyCancelledTaskStartsNothing() async throws {
        try await TestServer.with { server in
            let fetcher = try Fetcher(settings: FetcherTests.settings())
            let result = await Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await fetcher.fetch(FetchRequest(url: server.url("/feed")))
            }.value
            #expect(result.outcome.error?.kind == .cancelled)
            await fetcher.shutdown(abortAfter: .zero)
            #expect(await server.log.headers["/feed"] == nil)
        }
    }

    @Test func emptyBatchFinishesAtOnce() async throws {
        let fetcher = try Fetcher(settings: FetcherTests.settings())
        var count = 0
        for await _ in fetcher.fetch([]) { count += 1 }
        #expect(count == 0)
        await fetcher.shutdown(abortAfter: .zero)
    }

    /// Fetches `requests` with a fresh fetcher and counts the successful results.
    static func successes(_ requests: [FetchRequest], concurrency: Int, perHost: Int) async throws -> Int {
        let fetcher = try Fetcher(settings: FetcherTests.settings(concurrency: concurrency, perHost: perHost))
        var fetched = 0
        for await result in fetcher.fetch(requests) where result.outcome.isSuccess { fetched += 1 }
        await fetcher.shutdown(abortAfter: .zero)
        return fetched
    }

    /// Polls `condition` every 10 ms for up to 5 s.
    func waitUntil(_ condition: () async -> Bool) async throws {
        for _ in 0..<500 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("condition not met within 5 s")
    }
}
