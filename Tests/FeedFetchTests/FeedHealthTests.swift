@testable import FeedFetch
import Foundation
import Testing
import TestSupport

/// A random source that always returns the same word: 0 gives the lowest jitter, `.max` the highest.
struct FixedRandom: RandomNumberGenerator {
    var word: UInt64
    mutating func next() -> UInt64 { word }
}

@Suite struct FeedHealthTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let interval: Duration = .seconds(900)
    let day: TimeInterval = 86_400

    func fetched(maxAge: Duration? = nil) -> FetchOutcome {
        .fetched(FetchedDocument(body: [], maxAge: maxAge))
    }

    func failed(_ kind: FetchError.Kind, retryAfter: Duration? = nil) -> FetchOutcome {
        .failed(FetchError(kind, url: "http://x/feed", retryAfter: retryAfter))
    }

    func after(_ outcome: FetchOutcome, from health: FeedHealth? = nil, ttl: Duration? = nil, word: UInt64 = 0) -> FeedHealth {
        var random = FixedRandom(word: word)
        return (health ?? FeedHealth(now: now)).advanced(by: outcome, interval: interval, feedTTL: ttl, now: now, random: &random)
    }

    func delay(_ health: FeedHealth) -> TimeInterval { health.nextDue.timeIntervalSince(now) }

    @Test func successIsDueAfterTheInterval() {
        let health = after(fetched())
        #expect(delay(health) == 900)
        #expect(health.consecutiveFailures == 0)
        #expect(health.lastSuccess == now)
        #expect(!health.isFailing)
    }

    @Test func maxAgeAndTTLLengthenButNeverShorten() {
        #expect(delay(after(fetched(maxAge: .seconds(3600)))) == 3600)
        #expect(delay(after(fetched(maxAge: .seconds(60)))) == 900)
        #expect(delay(after(.notModified(maxAge: .seconds(1800)))) == 1800)
        #expect(delay(after(fetched(), ttl: .seconds(7200))) == 7200)
        #expect(delay(after(fetched(maxAge: .seconds(60)), ttl: .seconds(120))) == 900)
        #expect(delay(after(fetched(maxAge: .seconds(10 * 86_400)))) == day)
    }

    @Test func notModifiedCountsAsSuccessAndResets() {
        var health = FeedHealth(now: now)
        for _ in 0..<31 { health = after(failed(.connect), from: health) }
        #expect(health.isFailing)
        let recovered = after(.notModified(maxAge: nil), from: health)
        #expect(recovered.consecutiveFailures == 0)
        #expect(!recovered.isFailing)
        #expect(recovered.lastError == nil)
        #expect(delay(recovered) == 900)
    }

    @Test func failuresBackOffExponentiallyWithJitter() {
        let first = after(failed(.timeout))
        #expect(first.consecutiveFailures == 1)
        #expect(first.lastErrorKind == "timeout")
        #expect(abs(delay(first) - 1800 * 0.9) < 0.001)
        let firstHigh = after(failed(.timeout), word: .max)
        #expect(abs(delay(firstHigh) - 1800 * 1.1) < 0.01)

        var health = first
        for _ in 0..<2 { health = after(failed(.httpStatus(500)), from: health) }
        #expect(abs(delay(health) - 900 * 8 * 0.9) < 0.001)

        for _ in 0..<10 { health = after(failed(.dns), from: health) }
        #expect(abs(delay(health) - day * 0.9) < 0.001, "capped at 24 h before jitter")
    }

    @Test func retryAfterIsHonouredOnlyLater() {
        let asked = after(failed(.httpStatus(429), retryAfter: .seconds(7200)))
        #expect(delay(asked) == 7200)
        let highest = after(failed(.httpStatus(503), retryAfter: .seconds(7200)), word: .max)
        #expect(delay(highest) >= 7200 && delay(highest) <= 7200 * 1.1 + 0.01)
        let short = after(failed(.httpStatus(429), retryAfter: .seconds(5)))
        #expect(delay(short) == 900, "never sooner than the configured interval")
        let other = after(failed(.httpStatus(500), retryAfter: .seconds(7200)))
        #expect(abs(delay(other) - 1800 * 0.9) < 0.001, "Retry-After only counts on 429 and 503")
    }

    @Test func goneMarksFailingAndRetriesAtTheCap() {
        let gone = after(failed(.httpStatus(410)))
        #expect(gone.isFailing)
        #expect(gone.failingReason?.contains("410") == true)
        #expect(abs(delay(gone) - day * 0.9) < 0.001)
        let stillGone = after(failed(.dns), from: gone)
        #expect(stillGone.failingReason == gone.failingReason)
    }

    @Test func thirtyFailuresMarkFailing() {
        var health = FeedHealth(now: now)
        for _ in 0..<29 { health = after(failed(.connect), from: health) }
        #expect(!health.isFailing)
        health = after(failed(.connect), from: health)
        #expect(health.isFailing)
        #expect(health.failingReason?.hasPrefix("30 consecutive failures") == true)
        #expect(health.lastError == "http://x/feed: connection failed")
    }

    @Test func cancellationTeachesNothing() {
        let before = after(failed(.timeout))
        #expect(after(failed(.cancelled), from: before) == before)
    }

    @Test func jitterSpreadsFeedsThatFailedTogether() {
        var random = SplitMix64(seed: 42)
        let dues = (0..<50).map { _ in
            FeedHealth(now: now).advanced(by: failed(.connect), interval: interval, now: now, random: &random).nextDue
        }
        #expect(Set(dues).count > 40)
        #expect(dues.allSatisfy { abs($0.timeIntervalSince(now) - 1800) <= 180.001 })
    }
}
