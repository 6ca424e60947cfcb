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
    /// A consumer much slower than the loopback server: however many feeds, it never holds more
    /// than the window's results (running transfers included), and every feed still arrives.
    @Test func aSlowConsumerNeverHoldsMoreThanTheWindow() async throws {
        try await TestServer.with { server in
            let fetcher = try Fetcher(settings: FetcherTests.settings(concurrency: 16, perHost: 16))
            let requests = (0..<240).map { FetchRequest(url: server.url("/feed?n=\($0)")) }
            let (results, window) = fetcher.fetch(requests, window: 6)
            var received = 0, unreleased = 0, mostUnreleased = 0, mostHeld = 0
            for await result in results {
                #expect(result.outcome.isSuccess)
                received += 1
                unreleased += 1
                mostUnreleased = max(mostUnreleased, unreleased)
                mostHeld = max(mostHeld, window.held)
                // Parse-and-match stand-in: slower than the transfers, releasing in bursts.
                if received % 3 == 0 {
                    try await Task.sleep(for: .milliseconds(2))
                    while unreleased > 0 { window.release(); unreleased -= 1 }
                }
            }
            #expect(received == 240)
            #expect(mostHeld <= 6, "held \(mostHeld) results at once")
            #expect(mostUnreleased <= 6)
            #expect(await server.log.maxInFlight <= 6)
            await fetcher.shutdown(abortAfter: .zero)
        }
    }

    /// Without releases the fetcher stops at the window; releases let the rest through.
    @Test func transfersWaitWhileTheWindowIsFull() async throws {
        try await TestServer.with { server in
            let fetcher = try Fetcher(settings: FetcherTests.settings(concurrency: 8, perHost: 8))
            let requests = (0..<20).map { FetchRequest(url: server.url("/feed?w=\($0)")) }
            let (results, window) = fetcher.fetch(requests, window: 4)
            var iterator = results.makeAsyncIterator()
            for _ in 0..<4 { #expect(await iterator.next() != nil) }
            try await Task.sleep(for: .milliseconds(300))
            #expect(await server.log.headers["/feed"]?.count == 4, "no transfer may start while 4 results are held")
            #expect(window.held == 4)
            var received = 4
            for _ in 0..<4 { window.release() }
            while let _ = await iterator.next() {
                received += 1
                window.release()
            }
            #expect(received == 20)
            #expect(await server.log.headers["/feed"]?.count == 20)
            await fetcher.shutdown(abortAfter: .zero)
        }
    }

    /// Beyond one chunk, requests are checked and handed over on another thread while the
    /// results already flow: each request still ends in exactly one result, refusals included.
    @Test func manyRequestsEachEndOnceWhileHandedOverInChunks() async throws {
        try await TestServer.with { server in
            let fetcher = try Fetcher(settings: FetcherTests.settings(concurrency: 16, perHost: 16))
            let count = 3 * Fetcher.submitChunk + 17
            let requests = (0..<count).map { FetchRequest(url: $0 % 5 == 0 ? "ftp://127.0.0.1/\($0)" : server.url("/feed?c=\($0)")) }
            var seen: [String: Int] = [:]
            for await result in fetcher.fetch(requests) {
                seen[result.request.url, default: 0] += 1
                if result.request.url.hasPrefix("ftp:") {
                    #expect(result.outcome.error?.kind == .protocol)
                } else {
                    #expect(result.outcome.isSuccess)
                }
            }
            #expect(seen.count == count && seen.values.allSatisfy { $0 == 1 })
            #expect(await server.log.headers["/feed"]?.count == count - (count + 4) / 5)
            await fetcher.shutdown(abortAfter: .zero)
        }
    }

    /// Cancelling a batch while its requests are still being handed over: the ones handed over
    /// later never start, and every request still ends in one result.
    @Test func cancellingWhileRequestsAreHandedOverStartsNoMore() async throws {
        try await TestServer.with { server in
            let fetcher = try Fetcher(settings: FetcherTests.settings(concurrency: 8, perHost: 8))
            let count = 8 * Fetcher.submitChunk
            let requests = (0..<count).map { FetchRequest(url: server.url("/slow/\($0)")) }
            let (results, window) = fetcher.fetch(requests, window: .max)
            window.cancel()
            var fetched = 0, cancelled = 0
            for await result in results {
                if result.outcome.isSuccess { fetched += 1 }
                if result.outcome.error?.kind == .cancelled { cancelled += 1 }
            }
            #expect(fetched + cancelled == count)
            // 15 ms a response, 8 at a time: half of them would take a second.
            let started = await server.log.headers.filter { $0.key.hasPrefix("/slow/") }.values.map(\.count).reduce(0, +)
            #expect(started < count / 2, "\(started) of \(count) transfers started after the cancel")
            await fetcher.shutdown(abortAfter: .zero)
        }
    }

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
