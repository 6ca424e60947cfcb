import CGlibcShim

/// The selection `feedwatch tail` makes: an alert is selected when it names one of `actors` (any),
/// has an actor of `kind`, comes from `feed`, and was detected at or after `notBefore` — each only
/// when given.
///
/// Lines are judged on their raw bytes first, because decoding JSON is what made `tail` slower
/// than jq: the writer's compact form puts `"id":"…"` only on actors and on the alert itself,
/// `"kind":"…"` only on actors, `"url":"…"` only on the feed, and a quote inside a string is always
/// escaped, so a line without the needle cannot match. A line that has every needle is then
/// decoded and checked exactly (an actor id may equal the alert's own hex id), so the raw test only
/// ever saves work and never changes the answer.
public struct AlertQuery: Sendable {
    public var actors: Set<String>
    public var kind: String?
    public var feed: String?
    /// Unix milliseconds.
    public var notBefore: Int64?

    /// How far out of time order lines may be: `detected` is taken when a feed's items are matched,
    /// and feeds matched in parallel are written in batches a few seconds later. Reading backwards
    /// stops at the first line older than `notBefore` by more than this.
    public static let disorder: Int64 = 60_000

    /// One needle per actor (any may match), then the kind's and the feed's (all must).
    private let actorNeedles: [[UInt8]]
    private let otherNeedles: [[UInt8]]

    public init(actors: Set<String> = [], kind: String? = nil, feed: String? = nil, notBefore: Int64? = nil) {
        self.actors = actors
        self.kind = kind
        self.feed = feed
        self.notBefore = notBefore
        actorNeedles = actors.sorted().map { Self.needle("\"id\":", $0) }
        otherNeedles = [kind.map { Self.needle("\"kind\":", $0) }, feed.map { Self.needle("\"feed\":{\"url\":", $0) }]
            .compactMap { $0 }
    }

    public var isUnfiltered: Bool { actors.isEmpty && kind == nil && feed == nil && notBefore == nil }

    public enum Verdict: Sendable, Equatable {
        case accept
        case reject
        /// Rejected, and older than the selection by more than `disorder`: lines before it (in an
        /// earlier part of the file, or in an older file) cannot be selected either.
        case stop
    }

    /// The verdict on one line (without its newline).
    public func check(_ line: UnsafeBufferPointer<UInt8>) -> Verdict {
        if isUnfiltered { return .accept }
        if let notBefore {
            guard let detected = Self.detected(in: line) else { return .reject }
            if detected < notBefore { return detected < notBefore - Self.disorder ? .stop : .reject }
        }
        if !actorNeedles.isEmpty, !actorNeedles.contains(where: { Self.contains(line, $0) }) { return .reject }
        for needle in otherNeedles where !Self.contains(line, needle) { return .reject }
        guard let alert = LoggedAlert.decode(line) else { return .reject }
        return matches(alert) ? .accept : .reject
    }

    /// Whether a line is selected (for lines followed with `-f`, which come one at a time).
    public func accepts(_ line: [UInt8]) -> Bool {
        line.withUnsafeBufferPointer { check($0) == .accept }
    }

    /// The exact test on a decoded alert: what every selected line must pass.
    public func matches(_ alert: LoggedAlert) -> Bool {
        if !actors.isEmpty, !alert.actors.contains(where: { actors.contains($0.id) }) { return false }
        if let kind, !alert.actors.contains(where: { $0.kind == kind }) { return false }
        if let feed, alert.feed.url != feed { return false }
        if let notBefore, (alert.detectedMilliseconds ?? 0) < notBefore { return false }
        return true
    }

    /// `detected` read straight from the raw line; nil when it has none.
    static func detected(in line: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let key = find(line, detectedKey) else { return nil }
        let start = key + detectedKey.count
        var end = start
        while end < line.count, end - start < 24, line[end] != UInt8(ascii: "\"") { end += 1 }
        guard end < line.count, line[end] == UInt8(ascii: "\"") else { return nil }
        return Timestamp.parse(bytes: UnsafeBufferPointer(rebasing: line[start..<end]))
    }

    private static let detectedKey = Array("\"detected\":\"".utf8)

    /// `key` followed by `value` as the log writes it: a JSON string, escaped, with both quotes.
    private static func needle(_ key: StaticString, _ value: String) -> [UInt8] {
        var json = JSONText(capacity: 64)
        json.raw(key)
        json.string(value)
        return json.bytes
    }

    private static func contains(_ line: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        find(line, needle) != nil
    }

    /// The offset of the first occurrence of `needle` in `line` (glibc's `memmem`, which skips
    /// through text many bytes at a time).
    private static func find(_ line: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Int? {
        guard let base = line.baseAddress else { return nil }
        return needle.withUnsafeBytes { needleBytes -> Int? in
            guard let found = memmem(base, line.count, needleBytes.baseAddress, needleBytes.count) else { return nil }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        }
    }
}
