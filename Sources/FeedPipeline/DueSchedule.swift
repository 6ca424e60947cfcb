import FeedState
import FeedwatchConfig

/// When each configured feed is next due, kept in memory as a min-heap keyed by due time.
///
/// The daemon's scheduler asks it every tick. A tick with nothing due costs a look at the heap's
/// top, and one with due feeds costs O(k log n) for the k taken: nothing reads every feed record,
/// so an idle daemon with 50,000 feeds sleeps. The due times come from the state once, at start
/// and at reload (so a restart honours every backoff and interval), and from the records a pass
/// just wrote for its own feeds.
public struct DueSchedule: Sendable {
    private struct Entry: Sendable {
        var due: Int64
        var url: String
    }

    private var heap: [Entry] = []
    /// Configured feeds not in flight, with the due time of their heap entry (entries whose
    /// time differs are stale: the feed was rescheduled or removed since).
    private var scheduled: [String: Int64] = [:]
    private var sources: [String: FeedSource] = [:]
    /// Feeds whose record says failing, for the status line.
    private var failing: Set<String> = []
    /// Feeds whose last fetch failed (waiting for their backoff), for the metrics.
    private var backoff: Set<String> = []

    /// Every configured feed not in `inFlight`, due when its record says (now when it has none).
    public init(feeds: [FeedSource], records: [String: FeedRecord], inFlight: Set<String> = [], now: Int64) {
        heap.reserveCapacity(feeds.count)
        for feed in feeds where sources[feed.url] == nil {
            sources[feed.url] = feed
            if let record = records[feed.url], record.isFailing { failing.insert(feed.url) }
            if let record = records[feed.url], record.consecutiveFailures > 0 { backoff.insert(feed.url) }
            guard !inFlight.contains(feed.url) else { continue }
            let due = records[feed.url]?.nextDue ?? now
            scheduled[feed.url] = due
            heap.append(Entry(due: due, url: feed.url))
        }
        // Heapify bottom-up: O(n) for a start with 50,000 feeds.
        var index = heap.count / 2
        while index > 0 {
            index -= 1
            siftDown(index)
        }
    }

    public var feedCount: Int { sources.count }
    public var failingCount: Int { failing.count }
    public var backoffCount: Int { backoff.count }

    /// The earliest due time of a feed not in flight, or nil when every feed is in flight.
    public mutating func nextDue() -> Int64? {
        dropStale()
        return heap.first?.due
    }

    /// Takes every feed due at `now` out of the schedule (it is in flight until `finished`);
    /// `late` hears how many milliseconds after its due time each one starts.
    public mutating func takeDue(now: Int64, late: (Int64) -> Void = { _ in }) -> [FeedSource] {
        var due: [FeedSource] = []
        while true {
            dropStale()
            guard let top = heap.first, top.due <= now else { break }
            popTop()
            scheduled[top.url] = nil
            if let source = sources[top.url] {
                due.append(source)
                late(now - top.due)
            }
        }
        return due
    }

    /// A pass over these feeds ended: each that is still configured is due again when its record
    /// says (`records` holds what the pass wrote; a feed without a record is due at `now`).
    public mutating func finished(_ urls: [String], records: [String: FeedRecord], now: Int64) {
        for url in urls where sources[url] != nil {
            let record = records[url]
            if record?.isFailing == true { failing.insert(url) } else { failing.remove(url) }
            if (record?.consecutiveFailures ?? 0) > 0 { backoff.insert(url) } else { backoff.remove(url) }
            let due = record?.nextDue ?? now
            scheduled[url] = due
            push(Entry(due: due, url: url))
        }
    }

    // MARK: Heap

    /// Pops entries of feeds that were taken or rescheduled since they were pushed.
    private mutating func dropStale() {
        while let top = heap.first, scheduled[top.url] != top.due { popTop() }
    }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popTop() {
        guard let last = heap.popLast() else { return }
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count && heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
