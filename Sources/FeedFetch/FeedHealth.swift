import Foundation

/// What the daemon remembers about one feed between fetches: how it has been failing and when
/// to ask again. Computed here, persisted by the state store, shown by `feedwatch status`.
/// A feed is never disabled: at worst it is `failing` and retried once a day.
public struct FeedHealth: Sendable, Hashable, Codable {
    /// Failures since the last success (304 counts as success).
    public var consecutiveFailures: Int
    /// Set when the feed is marked failing (410 Gone, or `FeedHealth.failingThreshold` failures
    /// in a row) so the log and status can say why; cleared by the next success.
    public var failingReason: String?
    /// One-line message and stable kind key of the last failure.
    public var lastError: String?
    public var lastErrorKind: String?
    public var lastSuccess: Date?
    /// When the feed should be fetched next.
    public var nextDue: Date

    public var isFailing: Bool { failingReason != nil }

    /// A feed never fetched: due at `now`.
    public init(now: Date) {
        consecutiveFailures = 0
        nextDue = now
    }

    /// Longest wait between two attempts, whatever the backoff, server or feed asks for.
    public static let cap: Duration = .seconds(24 * 3600)
    /// Failures in a row after which a feed is reported as failing.
    public static let failingThreshold = 30
    /// Spread of failure delays, so an outage does not make every feed retry at the same moment.
    public static let jitter = 0.1

    /// The health after one fetch.
    /// - Parameters:
    ///   - interval: the feed's configured interval; success never waits less than this.
    ///   - feedTTL: the feed's own `<ttl>`, if the parser found one; may lengthen the interval.
    ///   - random: source of the ±10% jitter on failure delays (inject a seeded one in tests).
    public func advanced(by outcome: FetchOutcome, interval: Duration, feedTTL: Duration? = nil,
                         now: Date, random: inout some RandomNumberGenerator) -> FeedHealth {
        var next = self
        switch outcome {
        case .fetched, .notModified:
            next.consecutiveFailures = 0
            next.failingReason = nil
            next.lastError = nil
            next.lastErrorKind = nil
            next.lastSuccess = now
            let asked = [interval, outcome.maxAge, feedTTL].compactMap { $0 }.max() ?? interval
            next.nextDue = now + min(asked, max(interval, Self.cap)).timeInterval
        case .failed(let error) where error.kind == .cancelled:
            break  // not the feed's fault: nothing learnt
        case .failed(let error):
            next.consecutiveFailures += 1
            next.lastError = error.message
            next.lastErrorKind = error.kind.key
            next.failingReason = failingReason(for: error, failures: next.consecutiveFailures) ?? failingReason
            next.nextDue = now + delay(after: error, failures: next.consecutiveFailures, failing: next.isFailing,
                                       interval: interval, random: &random).timeInterval
        }
        return next
    }

    /// `advanced(by:…)` with the system random source.
    public func advanced(by outcome: FetchOutcome, interval: Duration, feedTTL: Duration? = nil,
                         now: Date = Date()) -> FeedHealth {
        var random = SystemRandomNumberGenerator()
        return advanced(by: outcome, interval: interval, feedTTL: feedTTL, now: now, random: &random)
    }

    /// Whether the next attempt waits for the server's `Retry-After`: only on 429 and 503, and
    /// not for a feed already marked failing (which waits for the cap anyway). Public so the
    /// metrics count exactly the waits the policy granted.
    public static func honoursRetryAfter(_ error: FetchError, failing: Bool) -> Bool {
        !failing && error.retryAfter != nil && (error.kind == .httpStatus(429) || error.kind == .httpStatus(503))
    }

    private func failingReason(for error: FetchError, failures: Int) -> String? {
        if error.kind == .httpStatus(410) { return "HTTP 410 Gone: the publisher removed this feed" }
        if failures >= Self.failingThreshold { return "\(failures) consecutive failures, last: \(error.message)" }
        return nil
    }

    private func delay(after error: FetchError, failures: Int, failing: Bool, interval: Duration,
                       random: inout some RandomNumberGenerator) -> Duration {
        let cap = Self.cap.timeInterval
        if Self.honoursRetryAfter(error, failing: failing), let retryAfter = error.retryAfter {
            // The server named the earliest moment: jitter may only push it later.
            let base = min(max(retryAfter.timeInterval, interval.timeInterval), cap)
            return .seconds(base * (1 + Self.jitter * unitFraction(&random)))
        }
        let base = failing ? cap : min(interval.timeInterval * pow(2, Double(min(failures, 62))), cap)
        return .seconds(base * (1 - Self.jitter + 2 * Self.jitter * unitFraction(&random)))
    }

    /// A value in [0, 1) from one 64-bit word. Unlike `Double.random(in:using:)` this never
    /// rejects and redraws, so a constant test generator cannot make it spin.
    private func unitFraction(_ random: inout some RandomNumberGenerator) -> Double {
        Double(random.next() >> 11) / Double(UInt64(1) << 53)
    }
}

extension Duration {
    /// Seconds as a floating-point value, for date arithmetic.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
