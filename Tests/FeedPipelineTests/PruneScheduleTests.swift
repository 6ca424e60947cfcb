@testable import FeedPipeline
import Testing

/// A daemon's passes prune at most once per interval, and a new pipeline (`once`, a reload)
/// prunes on its first pass.
struct PruneScheduleTests {
    @Test func firstPassPrunesThenOnlyAfterTheInterval() {
        var schedule = PruneSchedule(every: .seconds(600))
        let start = ContinuousClock.now
        let taken = [0, 1, 599, 600, 1_000, 1_200].map { schedule.take(now: start + .seconds($0)) }
        #expect(taken == [true, false, false, true, false, true])
    }
}
