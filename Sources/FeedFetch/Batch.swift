/// The requests of one `fetch` call: results go to one sink, and the sink is closed after the
/// last one. Results come from the fetch thread, and refused requests (all of them once the
/// fetcher is shut down) from the thread that hands the requests over, so the sink must be
/// thread-safe (the fetcher's are a stream continuation's `yield`).
///
/// With a window, at most `window` of the batch's results are "held" at once: a result is held
/// from the start of its transfer (or from its delivery, when it needed none) until the
/// consumer releases it. The engine starts no transfer of a batch whose window is full, so
/// bodies never pile up faster than the consumer takes them.
final class Batch: Sendable {
    let id: UInt64
    let window: Int
    private let remaining: Locked<Int>
    private let held = Locked(0)
    private let cancelled = Locked(false)
    private let sink: @Sendable (FetchResult) -> Void
    private let finish: @Sendable () -> Void

    init(id: UInt64, count: Int, window: Int = .max, sink: @escaping @Sendable (FetchResult) -> Void,
         finish: @escaping @Sendable () -> Void = {}) {
        self.id = id
        self.window = max(1, window)
        remaining = Locked(count)
        self.sink = sink
        self.finish = finish
    }

    /// Takes a slot of the window for a transfer about to start; false when the window is full.
    func takeSlot() -> Bool {
        held.withLock { held in
            guard held < window else { return false }
            held += 1
            return true
        }
    }

    /// Whether a transfer of the batch could start now.
    var hasRoom: Bool { held.withLock { $0 < window } }

    /// The consumer is done with one result: its slot may go to the next transfer. Returns
    /// whether the window was full, so that only then the fetch thread needs waking (a wake is a
    /// system call; one per feed was a tenth of an all-304 pass).
    func releaseSlot() -> Bool {
        held.withLock { held in
            let wasFull = held >= window
            held = max(0, held - 1)
            return wasFull
        }
    }

    /// Set before the fetch thread is told to cancel the batch: requests handed over after that
    /// (they are handed over in chunks) end as cancelled when the fetch thread takes them.
    func markCancelled() { cancelled.withLock { $0 = true } }

    var isCancelled: Bool { cancelled.withLock { $0 } }

    /// How many results are held now (running transfers of the batch included).
    var heldCount: Int { held.withLock { $0 } }

    /// `holdsSlot`: the result's transfer took a slot when it started; any other result (a
    /// refusal, a cancellation before start) takes one now, so every result is released once.
    func deliver(_ result: FetchResult, holdsSlot: Bool = false) {
        if !holdsSlot { held.withLock { $0 += 1 } }
        sink(result)
        let done = remaining.withLock { count in
            count -= 1
            return count == 0
        }
        if done { finish() }
    }
}

/// One request waiting for, or holding, a transfer slot.
struct Job: Sendable {
    let request: FetchRequest
    /// Lower-cased host name the per-host limit counts against ("" for `file://`).
    let host: String
    let batch: Batch

    func cancelled(_ why: String) -> FetchResult {
        FetchResult(request: request, outcome: .failed(FetchError(.cancelled, url: request.url, detail: why)),
                    effectiveURL: request.url)
    }
}
