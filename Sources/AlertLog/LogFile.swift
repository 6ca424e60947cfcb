/// The files of one alert log — the live file and logrotate's older generations, plain or
/// gzip-compressed — put in time order.
///
/// The order comes from the files themselves, not their names: each file is ranked by the
/// `detected` time of its first alert (logrotate's numbering, `-YYYYMMDD` date extensions and a
/// shell's alphabetical `alerts.jsonl*` all order differently; the alerts inside do not lie). A file
/// with no alert line (empty or missing) ranks last, as the live file just after a rotation is
/// empty; among equal ranks the order given is kept. The last file is the live one, which `-f`
/// follows.
public struct LogFile: Sendable, Equatable {
    public var path: String
    public var gzip: Bool
    /// Unix milliseconds of the first alert line; nil for a file without one.
    public var firstDetected: Int64?

    /// How far into a file (in its text) its first alert is looked for.
    static let firstAlertSearch = 1 << 20

    public init(path: String) throws(AlertLogError) {
        self.path = path
        gzip = ForwardLineReader.isGzip(path: path)
        var reader = ForwardLineReader(path: path, blockSize: 1 << 16)
        var first: Int64?
        var scanned = 0
        try reader.forEachLine { line in
            first = AlertQuery.detected(in: line)
            scanned += line.count + 1
            return first == nil && scanned < Self.firstAlertSearch
        }
        firstDetected = first
    }

    /// `paths` oldest first. A single path is not examined at all.
    public static func ordered(_ paths: [String]) throws(AlertLogError) -> [LogFile] {
        if paths.count == 1 { return [LogFile(path: paths[0], gzip: ForwardLineReader.isGzip(path: paths[0]))] }
        var files: [LogFile] = []
        for path in paths { files.append(try LogFile(path: path)) }
        return files.enumerated().sorted { a, b in
            let rankA = a.element.firstDetected ?? .max, rankB = b.element.firstDetected ?? .max
            return rankA != rankB ? rankA < rankB : a.offset < b.offset
        }.map(\.element)
    }

    init(path: String, gzip: Bool) {
        self.path = path
        self.gzip = gzip
    }
}
