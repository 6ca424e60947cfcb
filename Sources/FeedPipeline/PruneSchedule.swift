/// How often a pipeline prunes old items. Pruning looks at every stored item (there is no index
/// on when an item was last listed: every parse moves that time for all of a feed's items, so
/// an index would be rewritten on every parse), which at 50,000 feeds is 1.5 million rows. A
/// daemon runs a pass every few seconds while feeds come due, and retention is counted in days,
/// so the first pass of a pipeline prunes and later ones only once `every` has passed.
struct PruneSchedule: Sendable {
    let every: Duration
    private var last: ContinuousClock.Instant?

    init(every: Duration) {
        self.every = every
    }

    /// Whether a pass ending at `now` prunes; if so, the next one waits `every` from `now`.
    mutating func take(now: ContinuousClock.Instant) -> Bool {
        if let last, now - last < every { return false }
        last = now
        return true
    }
}
