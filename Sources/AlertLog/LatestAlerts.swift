/// The last `count` lines of an alert log that a query selects, read from the newest end: plain
/// files backwards block by block, stopping as soon as `count` lines are found or a line is older
/// than `--since` allows (`AlertQuery.Verdict.stop`); gzip generations, which can only be read
/// forwards, whole but keeping only the last lines they still have to contribute. Older files are
/// only opened when the newer ones did not have enough.
///
/// Memory is a block per reader plus the selected lines: it does not grow with the log.
public struct LatestAlerts {
    /// Selected lines, oldest first, without their newlines.
    public private(set) var lines: [[UInt8]] = []
    /// Bytes read from the files (compressed bytes for gzip), to show how early a query stopped.
    public private(set) var bytesRead = 0

    /// Runs the query over `files` (oldest first, as `LogFile.ordered` gives them).
    public init(_ count: Int, matching query: AlertQuery, in files: [LogFile],
                blockSize: Int = BackwardLineReader.defaultBlockSize) throws(AlertLogError) {
        guard count > 0 else { return }
        var newestFirst: [[UInt8]] = []
        for file in files.reversed() {
            var stop = false
            if file.gzip {
                var kept = LastLines(capacity: count - newestFirst.count)
                var reader = ForwardLineReader(path: file.path, blockSize: blockSize)
                try reader.forEachLine { line in
                    switch query.check(line) {
                    case .accept: kept.append(Array(line))
                    case .reject: break
                    case .stop: stop = true  // later lines of this file may still be selected
                    }
                    return true
                }
                bytesRead += reader.bytesRead
                newestFirst += kept.newestFirst
            } else {
                var reader = BackwardLineReader(path: file.path, blockSize: blockSize)
                try reader.forEachLine { line in
                    switch query.check(line) {
                    case .accept:
                        newestFirst.append(Array(line))
                        return newestFirst.count < count
                    case .reject: return true
                    case .stop:
                        stop = true
                        return false
                    }
                }
                bytesRead += reader.bytesRead
            }
            if stop || newestFirst.count >= count { break }
        }
        lines = newestFirst.reversed()
    }
}

/// The last `capacity` lines appended, in a ring: a forwards read keeps only what it may return.
struct LastLines {
    private var ring: [[UInt8]] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    mutating func append(_ line: [UInt8]) {
        guard capacity > 0 else { return }
        if ring.count < capacity {
            ring.append(line)
        } else {
            ring[next] = line
            next = (next + 1) % capacity
        }
    }

    var newestFirst: [[UInt8]] { Array((ring[next...] + ring[..<next]).reversed()) }
}
