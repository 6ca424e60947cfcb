import FeedFetch
import FeedState
import Foundation

/// Moves the fetch policy's `FeedHealth` in and out of the state's `FeedRecord`.
enum HealthRecord {
    static func health(of record: FeedRecord, now: Date) -> FeedHealth {
        var health = FeedHealth(now: now)
        health.consecutiveFailures = record.consecutiveFailures
        health.failingReason = record.failingReason
        health.lastError = record.lastError
        health.lastErrorKind = record.errorKind
        health.lastSuccess = record.lastSuccess.map(date)
        health.nextDue = record.nextDue.map(date) ?? now
        return health
    }

    /// `record` after a fetch that ended in `outcome` and left the feed in `health`.
    static func updated(_ record: FeedRecord, health: FeedHealth, result: FetchResult, outcome: FeedFetch.FetchOutcome,
                        now: Date) -> FeedRecord {
        var next = record
        next.fetches += 1
        next.lastAttempt = millis(now)
        next.consecutiveFailures = health.consecutiveFailures
        next.failingReason = health.failingReason
        next.lastError = health.lastError ?? record.lastError
        next.errorKind = health.lastErrorKind ?? record.errorKind
        next.lastSuccess = health.lastSuccess.map(millis)
        next.nextDue = millis(health.nextDue)
        if let redirect = result.permanentRedirect { next.permanentRedirect = redirect }
        switch outcome {
        case .fetched(let document):
            next.lastStatus = .ok
            next.etag = document.validators.etag
            next.lastModified = document.validators.lastModified
        case .notModified:
            next.lastStatus = .notModified
        case .failed:
            next.lastStatus = .failed
            next.failures += 1
        }
        return next
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
