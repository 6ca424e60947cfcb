import Dispatch
import Synchronization

/// Work on a large watchlist split into pieces that the usable cores work through at once: reading
/// the file (`WatchlistChunks`), compiling its phrases and linting it (ActorMatch) all split this
/// way, and each then joins the pieces' results in order, so the outcome never depends on the split.
public enum InPieces {
    /// `body(part)` for every `part` in `0..<count`, on as many threads as Dispatch gives; the
    /// results in the order of `part`.
    public static func map<Result: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        guard count > 1 else { return count == 1 ? [body(0)] : [] }
        let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { part in
            let result = body(part)
            results.withLock { $0[part] = result }
        }
        return results.withLock { $0 }.compactMap { $0 }
    }

    /// `foreground()` on this thread while `background()` runs on another: two independent
    /// reads of one load (a config's feed list and its watchlist) overlap.
    public static func alongside<Background: Sendable, Foreground>(
        _ background: @escaping @Sendable () -> Background, _ foreground: () -> Foreground
    ) -> (Background, Foreground) {
        let result = Mutex<Background?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let value = background()
            result.withLock { $0 = value }
            done.signal()
        }
        let own = foreground()
        done.wait()
        // Set before the signal that `wait` returned for.
        guard let other = result.withLock({ $0 }) else { preconditionFailure("background work ended without a result") }
        return (other, own)
    }

    /// Part `part` of `0..<total` cut into `count` contiguous ranges of (nearly) equal length.
    public static func range(_ part: Int, of count: Int, total: Int) -> Range<Int> {
        (total * part / count)..<(total * (part + 1) / count)
    }
}
