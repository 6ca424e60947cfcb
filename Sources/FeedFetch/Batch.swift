/// The requests of one `fetch` call: results go to one sink, and the sink is closed after the
/// last one. Results are delivered from the fetch thread, one at a time.
final class Batch: Sendable {
    let id: UInt64
    private let remaining: Locked<Int>
    private let sink: @Sendable (FetchResult) -> Void
    private let finish: @Sendable () -> Void

    init(id: UInt64, count: Int, sink: @escaping @Sendable (FetchResult) -> Void,
         finish: @escaping @Sendable () -> Void = {}) {
        self.id = id
        remaining = Locked(count)
        self.sink = sink
        self.finish = finish
    }

    func deliver(_ result: FetchResult) {
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
