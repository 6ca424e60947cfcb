@testable import FeedwatchConfig
import Foundation
import TestSupport
import Testing

/// The block reader must read every file it accepts exactly as libyaml does (same tree, same
/// positions, same streamed items), and must refuse everything libyaml rejects.
struct BlockYAMLTests {
    /// Files the block reader must accept, each exercising one of its rules.
    static let accepted: [String] = [
        "a: 1\nb: two words  \nc: 'single # not a comment'\nd: \"double\" # comment\n",
        "# leading comment\n\nactors:\n  - id: a0\n    name: Olga Kalın0\n    aliases:\n      - Olga Kalın0\n      - text: OLGA\n        case: exact\n  - id: a1\n    name: לוי1 Bank\n",
        "actors:\n- id: a\n  aliases:\n  - x\n  - y\n  kind: person\n- id: b\n",
        "a:\nb:\n  c:\n  d: [x, 'y z', \"w\"]\ne: {k: v, k2: 'q'}\nf: []\ng: {}\n",
        "list:\n  - [Kalın, Öz, x]   # trailing\n  - {key: Ķ}\n",
        "tags: [a, b]\nname: C# and C++, ok]\nurl: http://x.example:8080/p?q=1#frag\n",
        "a:\n  b:\n    c:\n",
        "- one\n- two: 2\n  three: 3\n- four\n",
        "x: ~\ny: null\nz: ''\nw: \"\"\n",
        "key_with-dash: v\n_under: w\n",
        "a: 1\n   # deeper comment\nb: 2\n",
        "m:\n  - a: 1\n    b:\n    c: 3\n  - d: 4\n",
        "a: é\u{00A0}x\nb: [ é , \u{05D0}\u{05D1} ]\n",
        "fetch: {concurrency: 32, per_host: 16}\nfeeds:\n  - http://127.0.0.1:1/p0/feed-0.xml\n  - url: https://a.example/f\n    tags: [x]\n",
    ]

    /// Files it must leave to libyaml (valid or not).
    static let refused: [String] = [
        "", "# only a comment\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: >\n  text\n",
        "a: one\n  two\n", "a:\tb\n", "a: b\r\n", "---\na: 1\n", "%YAML 1.1\n---\na: 1\n", "a: \"esc\\n\"\n",
        "a: 'it''s'\n", "a: [x,\n  y]\n", "a: b: c\n", "? a\n: b\n", "\"a\": 1\n", "a: -1\n", "- - x\n",
        "-\n  a: 1\n", "a: [x, ]\n", "  a: 1\n", "a: 1\n  b: 2\n", "a: 😀\n", "\u{FEFF}a: 1\n", "a: x\u{85}y\n",
        "a: x\u{2028}y\n", "a: 1\n- b\n", "- a\nb: 1\n", "a:\n    b: 1\n  c: 2\n", "a: \"x\"y\n", "a: 'x'#c\n",
        "a b: 1\n", "a :1\n", "a: {b: [c]}\n", "a: [b: c]\n", "a: x #\n  y\n",
    ]

    /// A tree, the streamed items and the facts of `Outcome`, as text to compare. With
    /// `prefixLines`, that many first lines are given as the prefix of the rest.
    static func reading(_ text: String, blockReader: Bool, streaming: String? = nil, prefixLines: Int = 0) -> String? {
        var items: [String] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let head = lines.prefix(prefixLines).map { $0 + "\n" }.joined()
        lines.removeFirst(min(prefixLines, lines.count))
        let bytes = prefixLines == 0 ? Array(text.utf8) : Array(lines.joined(separator: "\n").utf8)
        guard let outcome = try? YAMLReader.read(bytes[...], prefix: Array(head.utf8), file: "f", streaming: streaming,
                                                 lineOffset: 3, blockReader: blockReader,
                                                 onItem: { item, root in items.append("\(root.count):" + dump(item)) },
                                                 onRestart: { items = [] })
        else { return nil }
        return dump(outcome.root) + " items=\(items) streamed=\(outcome.streamedItems) after=\(outcome.contentAfterList)"
    }

    static func dump(_ node: YAMLNode?) -> String {
        guard let node else { return "nil" }
        let place = "@\(node.line):\(node.column)"
        switch node.content {
        case .scalar(let text, let plain): return "\(plain ? "P" : "Q")\(text.debugDescription)\(place)"
        case .sequence(let items): return "[\(items.map(dump).joined(separator: ","))]\(place)"
        case .mapping(let pairs): return "{\(pairs.map { dump($0.key) + "=" + dump($0.value) }.joined(separator: ","))}\(place)"
        }
    }

    /// Whether the block reader reads all of `text` (rather than leaving it to libyaml).
    static func accepts(_ text: String) -> Bool {
        struct Ignore: BlockYAMLSink {
            mutating func take(_ event: YAMLEvent) {}
        }
        return Array(text.utf8).withUnsafeBufferPointer { buffer in
            var scanner = BlockYAML(buffer, lineOffset: 0, sink: Ignore())
            return scanner.run()
        }
    }

    @Test(arguments: accepted)
    func acceptedFilesReadAsLibyamlReadsThem(text: String) {
        #expect(Self.accepts(text), "\(text.debugDescription)")
        let libyaml = Self.reading(text, blockReader: false)
        #expect(libyaml != nil)
        #expect(Self.reading(text, blockReader: true) == libyaml)
        #expect(Self.reading(text, blockReader: true, streaming: "actors")
                == Self.reading(text, blockReader: false, streaming: "actors"))
        // A piece of a watchlist is read after a prefix line, in place, as if they were one text.
        #expect(Self.reading(text, blockReader: true, streaming: "actors", prefixLines: 1)
                == Self.reading(text, blockReader: false, streaming: "actors"))
        #expect(Self.reading(text, blockReader: false, streaming: "actors", prefixLines: 2)
                == Self.reading(text, blockReader: false, streaming: "actors"))
    }

    @Test(arguments: refused)
    func otherFilesAreLeftToLibyaml(text: String) {
        #expect(!Self.accepts(text), "\(text.debugDescription)")
    }

    @Test func shippedFilesAndGeneratedWatchlistsAgree() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var texts = try ["Config/feedwatch.yaml", "Config/watchlist.yaml"].map {
            try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)
        }
        texts += [0, 2, 4].map { WatchlistChunksTests.generated(30, indent: $0) }
        for text in texts {
            #expect(Self.reading(text, blockReader: true, streaming: "actors")
                    == Self.reading(text, blockReader: false, streaming: "actors"))
        }
    }

    /// The block reader finds the block scalar only after two actors went to the loader, which
    /// must then start again with libyaml rather than keep them twice.
    @Test func aFileBeyondTheBlockReaderIsReadOnceByLibyaml() throws {
        let yaml = "actors:\n  - id: a\n    name: A\n  - id: b\n    name: B\n  - id: c\n    name: |\n      C\n"
        #expect(!Self.accepts(yaml))
        let loaded = try WatchlistLoader.parse(Array(yaml.utf8), file: "w.yaml", pieces: 1)
        #expect(loaded.value.actors.map(\.id) == ["a", "b", "c"])
        #expect(loaded.value.actors.map(\.location.line) == [2, 4, 6])
        #expect(loaded.warnings.isEmpty)
    }

    /// Random edits of accepted files: whatever the block reader still accepts must read as
    /// libyaml reads it, and nothing libyaml rejects may be accepted.
    @Test func editedFilesNeverDisagree() {
        var random = SplitMix64(seed: 17)
        let pieces = [" ", "  ", "-", "- ", ":", ": ", "#", " #", "'", "\"", "[", "]", "{", "}", ",", "\n", "\n  ",
                      "a", "é", "\t", "~", "&", "*", "|", "?", "---", "\\", "x: ", "- y", "\u{05D0}"]
        var acceptedEdits = 0
        for round in 0..<4_000 {
            var bytes = Array(Self.accepted[round % Self.accepted.count].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0...bytes.count, using: &random)
                if Bool.random(using: &random), at < bytes.count {
                    bytes.remove(at: at)
                } else {
                    bytes.insert(contentsOf: Array(pieces[Int.random(in: 0..<pieces.count, using: &random)].utf8), at: at)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            guard Self.accepts(text) else { continue }
            acceptedEdits += 1
            let key = round % 2 == 0 ? "actors" : "list"
            let libyaml = Self.reading(text, blockReader: false, streaming: key)
            #expect(libyaml != nil, "accepted what libyaml rejects: \(text.debugDescription)")
            #expect(Self.reading(text, blockReader: true, streaming: key) == libyaml, "\(text.debugDescription)")
        }
        #expect(acceptedEdits > 500)
    }
}
