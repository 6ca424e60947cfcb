/// Waiting jobs grouped by host, handed out round-robin so that one publisher with many feeds
/// cannot starve the others and never gets more than `perHost` transfers at once.
struct HostQueues {
    private struct Host {
        var waiting: [Job] = []
        var head = 0
        /// Jobs put back (`putBack`), handed out again before `waiting`, last in first out.
        var front: [Job] = []
        var running = 0
        var isReady = false
        var hasWaiting: Bool { !front.isEmpty || head < waiting.count }
    }

    let perHost: Int
    private var hosts: [String: Host] = [:]
    /// Hosts that may have a job to start, in turn order; consumed from `readyHead`.
    private var ready: [String] = []
    private var readyHead = 0
    private(set) var waitingCount = 0

    init(perHost: Int) { self.perHost = max(1, perHost) }

    mutating func enqueue(_ job: Job) {
        hosts[job.host, default: Host()].waiting.append(job)
        waitingCount += 1
        markReady(job.host)
    }

    /// The next job allowed to start, counted as running for its host.
    mutating func next() -> Job? {
        while readyHead < ready.count {
            let name = ready[readyHead]
            readyHead += 1
            compact()
            guard var host = hosts[name] else { continue }
            host.isReady = false
            guard host.hasWaiting, host.running < perHost else {
                hosts[name] = host
                continue
            }
            let job: Job
            if let putBack = host.front.popLast() {
                job = putBack
            } else {
                job = host.waiting[host.head]
                host.head += 1
            }
            host.running += 1
            waitingCount -= 1
            if host.head > 64 && host.head * 2 > host.waiting.count {
                host.waiting.removeFirst(host.head)
                host.head = 0
            }
            hosts[name] = host
            markReady(name)
            return job
        }
        return nil
    }

    /// Undoes `next()` for a job that could not start after all (its batch's window is full): it
    /// is the host's next job again and no longer counts as running.
    mutating func putBack(_ job: Job) {
        var host = hosts[job.host, default: Host()]
        host.running = max(0, host.running - 1)
        host.front.append(job)
        hosts[job.host] = host
        waitingCount += 1
        markReady(job.host)
    }

    /// A running job of `host` ended: its slot may go to the host's next job.
    mutating func finished(host name: String) {
        guard var host = hosts[name] else { return }
        host.running -= 1
        if host.running == 0 && !host.hasWaiting {
            hosts[name] = nil
            return
        }
        hosts[name] = host
        markReady(name)
    }

    /// Removes and returns the waiting jobs that match.
    mutating func removeWaiting(where matches: (Job) -> Bool) -> [Job] {
        var removed: [Job] = []
        for name in Array(hosts.keys) {
            guard var host = hosts[name] else { continue }
            let pending = host.front.reversed() + host.waiting[host.head...]
            let kept = pending.filter { !matches($0) }
            guard kept.count != pending.count else { continue }
            removed += pending.filter(matches)
            host.waiting = Array(kept)
            host.front = []
            host.head = 0
            hosts[name] = host.running == 0 && kept.isEmpty ? nil : host
        }
        waitingCount -= removed.count
        return removed
    }

    private mutating func markReady(_ name: String) {
        guard var host = hosts[name], !host.isReady, host.hasWaiting, host.running < perHost else { return }
        host.isReady = true
        hosts[name] = host
        ready.append(name)
    }

    private mutating func compact() {
        if readyHead > 256 && readyHead * 2 > ready.count {
            ready.removeFirst(readyHead)
            readyHead = 0
        }
    }
}
