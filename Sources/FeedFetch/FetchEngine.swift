internal import CCurl
import FeedwatchConfig
import Foundation

/// libcurl's process-wide setup, run once (Swift runs global initialisers exactly once).
private let curlGlobalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

/// Owns the multi handle and runs every transfer on one dedicated thread, so blocking in
/// `curl_multi_poll` never ties up Swift's cooperative pool. Callers only touch `inbox` (under
/// its lock) and `curl_multi_wakeup` (documented thread-safe); everything else is confined to
/// the fetch thread, which is why the class is `@unchecked Sendable`.
final class FetchEngine: @unchecked Sendable {
    private struct Inbox {
        var jobs: [Job] = []
        var cancelledBatches: [UInt64] = []
        /// Set by `close`: running transfers are aborted at this instant.
        var abortAt: ContinuousClock.Instant?
        var stopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let inbox = Locked(Inbox())
    private let multi: UnsafeMutableRawPointer
    private let limits: TransferLimits
    private let concurrency: Int

    // Fetch thread only.
    private var queues: HostQueues
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    private var abortAt: ContinuousClock.Instant?
    /// The batch whose full window stopped the last `startReady`: until it has room again,
    /// starting is not even tried (taking a job only to put it back cost O(queue) per wake).
    private var blocked: Batch?

    init?(settings: FetchSettings, lowSpeed: LowSpeedLimit) {
        guard curlGlobalInit == CURLE_OK, let multi = curl_multi_init() else { return nil }
        self.multi = multi
        limits = TransferLimits(settings: settings, lowSpeed: lowSpeed)
        concurrency = max(1, settings.concurrency)
        queues = HostQueues(perHost: settings.perHost)
        // Our own queue already enforces both limits; these make libcurl agree (redirects to
        // another host included) and size the shared connection cache for reuse.
        _ = fw_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, concurrency)
        _ = fw_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, queues.perHost)
        _ = fw_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(8, 2 * concurrency))
        _ = fw_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    deinit { curl_multi_cleanup(multi) }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "feedwatch-fetch"
        thread.start()
    }

    // MARK: Caller side (any thread)

    /// False once shutdown began: the caller then answers the jobs itself.
    func submit(_ jobs: [Job]) -> Bool {
        let accepted = inbox.withLock { box in
            guard box.abortAt == nil else { return false }
            box.jobs += jobs
            return true
        }
        if accepted { curl_multi_wakeup(multi) }
        return accepted
    }

    func cancel(batch id: UInt64) {
        inbox.withLock { $0.cancelledBatches.append(id) }
        curl_multi_wakeup(multi)
    }

    /// Stops accepting work; running transfers may finish until `abortAfter` has passed.
    func close(abortAfter: Duration) {
        let deadline = ContinuousClock.now + abortAfter
        inbox.withLock { box in box.abortAt = min(box.abortAt ?? deadline, deadline) }
        curl_multi_wakeup(multi)
    }

    func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = inbox.withLock { box in
                if !box.stopped { box.stopWaiters.append(continuation) }
                return box.stopped
            }
            if stopped { continuation.resume() }
        }
    }

    // MARK: Fetch thread

    private func run() {
        while true {
            let (jobs, cancelled, closeAt) = inbox.withLock { box in
                defer { box.jobs = []; box.cancelledBatches = [] }
                return (box.jobs, box.cancelledBatches, box.abortAt)
            }
            for job in jobs {
                // A batch cancelled while its requests were still being handed over.
                if job.batch.isCancelled { job.batch.deliver(job.cancelled("cancelled")) } else { queues.enqueue(job) }
            }
            if !cancelled.isEmpty { cancel(batches: Set(cancelled), why: "cancelled") }
            if let closeAt {
                if abortAt == nil {
                    queues.removeWaiting { _ in true }.forEach { $0.batch.deliver($0.cancelled("shut down before start")) }
                }
                abortAt = closeAt
                if running.isEmpty || ContinuousClock.now >= closeAt { break }
            }
            startReady()
            var active: Int32 = 0
            _ = curl_multi_perform(multi, &active)
            if collectFinished() > 0 { continue }  // freed slots: start the next jobs before waiting
            _ = curl_multi_poll(multi, nil, 0, Int32(pollTimeoutMilliseconds()), nil)
        }
        abortRunning(why: "aborted at shutdown")
        let waiters = inbox.withLock { box in
            box.stopped = true
            defer { box.stopWaiters = [] }
            return box.stopWaiters
        }
        waiters.forEach { $0.resume() }
    }

    private func pollTimeoutMilliseconds() -> Int {
        guard let abortAt else { return 1000 }
        let left = abortAt - ContinuousClock.now
        return left <= .zero ? 0 : min(1000, left.milliseconds)
    }

    /// Starts waiting jobs while slots are free. A job whose batch's window is full goes back
    /// to the head of its host's queue and starting stops there: the consumer's release wakes
    /// the loop again. (Stopping, rather than skipping to other jobs, keeps a wake-up O(1) when
    /// thousands of jobs of one full batch wait; another batch's jobs start at the next wake.)
    private func startReady() {
        while running.count < concurrency {
            if let batch = blocked {
                guard batch.hasRoom else { return }
                blocked = nil
            }
            guard let job = queues.next() else { return }
            guard job.batch.takeSlot() else {
                queues.putBack(job)
                blocked = job.batch
                return
            }
            guard let transfer = Transfer(job: job, limits: limits),
                  curl_multi_add_handle(multi, transfer.easy) == CURLM_OK else {
                queues.finished(host: job.host)
                let error = FetchError(.internal, url: job.request.url, detail: "libcurl refused the transfer")
                job.batch.deliver(FetchResult(request: job.request, outcome: .failed(error), effectiveURL: job.request.url),
                                  holdsSlot: true)
                continue
            }
            running[transfer.easy] = transfer
        }
    }

    /// Wakes the fetch thread: a batch's window has room again.
    func wake() {
        curl_multi_wakeup(multi)
    }

    private func collectFinished() -> Int {
        var finished = 0
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = running.removeValue(forKey: easy) else { continue }
            let code = fw_msg_result(message)
            curl_multi_remove_handle(multi, easy)
            queues.finished(host: transfer.job.host)
            transfer.job.batch.deliver(transfer.result(code: code), holdsSlot: true)
            finished += 1
        }
        return finished
    }

    private func cancel(batches: Set<UInt64>, why: String) {
        if let batch = blocked, batches.contains(batch.id) { blocked = nil }
        for job in queues.removeWaiting(where: { batches.contains($0.batch.id) }) {
            job.batch.deliver(job.cancelled(why))
        }
        abortRunning(why: why) { batches.contains($0.batch.id) }
    }

    private func abortRunning(why: String, where matches: (Job) -> Bool = { _ in true }) {
        for (easy, transfer) in running where matches(transfer.job) {
            running[easy] = nil
            curl_multi_remove_handle(multi, easy)
            queues.finished(host: transfer.job.host)
            var result = transfer.job.cancelled(why)
            result.elapsed = ContinuousClock.now - transfer.started
            transfer.job.batch.deliver(result, holdsSlot: true)
        }
    }
}
