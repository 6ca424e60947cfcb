import AlertLog
import FeedState

/// Makes the alert log and the state agree after a crash.
///
/// Alerts are written before they are recorded, so a SIGKILL between the two leaves lines in the
/// log that the state does not know. At start, the log's tail is read (a torn last line is
/// ignored) and every line whose deterministic id is not recorded is marked as alerted, so the
/// next pass does not write it again. Recording before writing would lose alerts instead.
///
/// Each commit also records where the log ended (`LogCheckpoint`); while the log is the same file
/// and has only grown, just the lines after that point are read, usually none. After a rotation
/// or a copytruncate the log's last 32 MiB are read as before.
public enum LogRecovery {
    /// Lines are at most 64 KiB and a batch is one feed's items, so this comfortably covers
    /// everything written since the last recorded batch.
    public static let window = 32 << 20

    /// Unrecorded lines can only be those of the feeds being processed at the crash (one per
    /// running batch), which are among the newest; after this many recorded lines in a row,
    /// newest first, the older ones are recorded too. Far more than a few feeds' worth of lines.
    static let recordedRun = 10_000

    /// Returns how many logged alerts were missing from the state and are now recorded.
    public static func reconcile(logPath: String, state: StateStore) throws -> Int {
        var lines: [ArraySlice<UInt8>]?
        if let checkpoint = try state.logCheckpoint() {
            lines = AlertLogReader.linesAfter(checkpoint.end, lastLine: Array(checkpoint.lastLine.utf8), path: logPath,
                                              maxBytes: window)
        }
        if let lines { return try reconcile(lines, state: state) }
        // No checkpoint, or one of another file (a rotation, a copy, a truncation): the tail is
        // read, and once it is reconciled its end becomes the checkpoint, so that the next start
        // does not read it again (until a commit writes a new one, every start did).
        let tail = try AlertLogReader.tail(path: logPath, maxBytes: window)
        let recovered = try reconcile(tail.lines, state: state)
        if let end = tail.end, let last = tail.lines.last {
            try state.transaction { transaction in
                try transaction.saveLogCheckpoint(LogCheckpoint(end: end, lastLine: Array(last) + [UInt8(ascii: "\n")]))
            }
        }
        return recovered
    }

    private static func reconcile(_ lines: [ArraySlice<UInt8>], state: StateStore) throws -> Int {
        var recovered = 0
        var recordedInARow = 0
        for line in lines.reversed() {
            // Most lines are recorded already: look at the id before decoding the whole line.
            if let id = quickID(line), try state.isAlerted(alertID: id) {
                recordedInARow += 1
                if recordedInARow >= recordedRun { break }
                continue
            }
            recordedInARow = 0
            guard let alert = LoggedAlert.decode(line) else { continue }
            if try state.isAlerted(alertID: alert.id) { continue }
            let record = AlertRecord(itemKey: alert.item.key, alertID: alert.id, actorIDs: alert.actors.map(\.id),
                                     at: alert.detectedMilliseconds ?? 0)
            if try state.markAlerted(record, feed: alert.feed.url) { recovered += 1 }
        }
        return recovered
    }

    /// The id of a line written by this version: `{"v":1,"id":"<32 hex>"`.
    static func quickID(_ line: ArraySlice<UInt8>) -> String? {
        let prefix = Array(#"{"v":1,"id":""#.utf8)
        guard line.count > prefix.count + 33, line.starts(with: prefix) else { return nil }
        let start = line.startIndex + prefix.count
        let id = line[start..<(start + 32)]
        guard line[start + 32] == UInt8(ascii: "\""),
              id.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return String(decoding: id, as: UTF8.self)
    }
}

extension LogCheckpoint {
    /// The checkpoint of an append that ended at `end` with `lastLine`.
    init(end: LogEnd, lastLine: [UInt8]) {
        self.init(device: end.device, inode: end.inode, size: end.size, lastLine: String(decoding: lastLine, as: UTF8.self))
    }

    var end: LogEnd { LogEnd(device: device, inode: inode, size: size) }
}
