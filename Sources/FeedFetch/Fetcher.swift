import Dispatch
import FeedwatchConfig

/// Fetches feeds politely: at most `concurrency` transfers at once, at most `perHost` per host,
/// connections and DNS answers reused, every transfer bounded in time and size. All transfers
/// run on one dedicated thread; results arrive as plain values as each transfer ends.
public final class Fetcher: Sendable {
    private let engine: FetchEngine
    private let batchIDs = Locked<UInt64>(0)

    /// Throws `FetchError` of kind `.internal` when libcurl cannot be initialised.
    public init(settings: FetchSettings, lowSpeed: LowSpeedLimit = LowSpeedLimit()) throws(FetchError) {
        guard let engine = FetchEngine(settings: settings, lowSpeed: lowSpeed) else {
            throw FetchError(.internal, url: "", detail: "libcurl could not be initialised")
        }
        self.engine = engine
        engine.start()
    }

    deinit { engine.close(abortAfter: .zero) }

    /// Starts all `requests` and yields each result as soon as its transfer ends (completion
    /// order), so a slow feed never holds back the others. The stream finishes after the last
    /// result; dropping or cancelling its consumer cancels the transfers not yet finished.
    public func fetch(_ requests: [FetchRequest]) -> AsyncStream<FetchResult> {
        fetch(requests, window: .max).results
    }

    /// The same with backpressure: at most `window` results are held at once, counting running
    /// transfers and results the consumer has not released yet (`FetchWindow.release()`, once
    /// per result received). Transfers wait while the window is full, so a consumer slower than
    /// the network holds a bounded number of bodies however many feeds there are.
    public func fetch(_ requests: [FetchRequest], window: Int) -> (results: AsyncStream<FetchResult>, window: FetchWindow) {
        let (stream, continuation) = AsyncStream.makeStream(of: FetchResult.self)
        let handle = fetch(requests, window: window, deliver: { continuation.yield($0) }, finish: { continuation.finish() })
        continuation.onTermination = { termination in
            if case .cancelled = termination { handle.cancel() }
        }
        return (stream, handle)
    }

    /// The same, handing each result to `deliver` (on the fetch thread, or on the thread that
    /// checks the requests for one refused before it started: it must be thread-safe and must
    /// not block), then calling `finish` after the last: for a consumer that merges results into
    /// a stream of its own, which saves a task hop per feed. Beyond ``submitChunk`` requests,
    /// they are checked and handed over on another thread while this returns at once.
    public func fetch(_ requests: [FetchRequest], window: Int, deliver: @escaping @Sendable (FetchResult) -> Void,
                      finish: @escaping @Sendable () -> Void) -> FetchWindow {
        let batch = Batch(id: nextBatchID(), count: requests.count, window: window, sink: deliver, finish: finish)
        let handle = FetchWindow(batch: batch, engine: engine)
        guard !requests.isEmpty else {
            finish()
            return handle
        }
        guard requests.count > Self.submitChunk else {
            submit(requests, to: batch)
            return handle
        }
        // Checking 10,000 requests takes ~15 ms: meanwhile the first chunks' results are already
        // arriving, and the caller returns at once to take them (a window fills in a few dozen).
        DispatchQueue.global(qos: .userInitiated).async { [self] in submit(requests, to: batch) }
        return handle
    }

    /// Fetches one feed. Cancelling the calling task aborts the transfer and returns a result
    /// of kind `.cancelled`.
    public func fetch(_ request: FetchRequest) async -> FetchResult {
        let id = nextBatchID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<FetchResult, Never>) in
                let batch = Batch(id: id, count: 1, sink: { continuation.resume(returning: $0) })
                // A task cancelled before this point already ran `onCancel`, too early to find the job.
                if Task.isCancelled {
                    let job = Job(request: request, host: "", batch: batch)
                    batch.deliver(job.cancelled("cancelled"))
                } else {
                    submit([request], to: batch)
                }
            }
        } onCancel: {
            engine.cancel(batch: id)
        }
    }

    /// Stops starting transfers (waiting ones end as `.cancelled` at once), lets running ones
    /// finish for at most `abortAfter`, aborts the rest, and returns when the fetch thread has
    /// ended. Later `fetch` calls return `.cancelled` results immediately.
    public func shutdown(abortAfter: Duration) async {
        engine.close(abortAfter: abortAfter)
        await engine.waitUntilStopped()
    }

    /// Checks the requests on the caller's thread and hands them to the fetch thread in chunks of
    /// ``submitChunk``, so the first transfers run while the rest are still being checked (each
    /// check parses a URL; at 10,000 feeds the checks were a 15 ms pause before the first request).
    private func submit(_ requests: [FetchRequest], to batch: Batch) {
        var jobs: [Job] = []
        jobs.reserveCapacity(min(requests.count, Self.submitChunk))
        func handOver() {
            // A batch cancelled meanwhile is the fetch thread's to answer (`Batch.isCancelled`).
            if !jobs.isEmpty, !engine.submit(jobs) {
                jobs.forEach { batch.deliver($0.cancelled("fetcher is shut down")) }
            }
            jobs.removeAll(keepingCapacity: true)
        }
        for request in requests {
            switch RequestCheck.host(of: request) {
            case .success(let host):
                jobs.append(Job(request: request, host: host, batch: batch))
                if jobs.count == Self.submitChunk { handOver() }
            case .failure(let error):
                batch.deliver(FetchResult(request: request, outcome: .failed(error), effectiveURL: request.url))
            }
        }
        handOver()
    }

    /// Requests handed to the fetch thread at once: enough to fill every slot, few enough to be
    /// checked in well under a millisecond.
    package static let submitChunk = 256

    private func nextBatchID() -> UInt64 {
        batchIDs.withLock { id in
            id += 1
            return id
        }
    }
}

/// The consumer's side of a windowed `fetch`: release each result once it is done with it.
public struct FetchWindow: Sendable {
    fileprivate let batch: Batch
    fileprivate let engine: FetchEngine

    /// The consumer is done with one result (its body may be freed): another transfer may start.
    public func release() {
        if batch.releaseSlot() { engine.wake() }
    }

    /// Cancels the transfers of the batch not yet finished (they end as `.cancelled`).
    public func cancel() {
        batch.markCancelled()
        engine.cancel(batch: batch.id)
    }

    /// Results held now: running transfers plus results received and not yet released.
    public var held: Int { batch.heldCount }

    /// The most results held at once.
    public var size: Int { batch.window }
}
