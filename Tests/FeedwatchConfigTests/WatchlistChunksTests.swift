@testable import FeedwatchConfig
import Testing

/// Reading a watchlist in pieces on several threads must give exactly what one pass gives: the
/// same actors with the same source locations, the same warnings, the same errors.
struct WatchlistChunksTests {
    /// A watchlist using every feature, `count` actors long; `indent` is the list's indentation.
    static func generated(_ count: Int, indent: Int = 2, tail: String = "") -> String {
        let pad = String(repeating: " ", count: indent)
        var yaml = "# generated\ndefaults:\n  case: smart\n\nactors:\n"
        for n in 0..<count {
            yaml += "\(pad)- id: actor-\(n)\n"
            yaml += "\(pad)  name: \"Actor \(n) Türkiye’s\"\n"
            switch n % 5 {
            case 0:
                yaml += "\(pad)  kind: person\n\(pad)  tags: [a, b]\n\(pad)  aliases:\n"
                yaml += "\(pad)    - Name \(n)\n\(pad)    - text: N\(n)\n\(pad)      case: exact\n"
            case 1:
                yaml += "\(pad)  aliases:\n\(pad)  - Öz \(n)\n\(pad)  - text: Bar \(n)\n\(pad)    requires: [Shin Bet]\n"
                yaml += "\(pad)  exclude: [Bar Association]\n"
            case 2:
                yaml += "\(pad)  # a comment line\n\n\(pad)  case: ignore\n\(pad)  tags: solo\n"
            case 3:
                yaml += "\(pad)  kind: organization\n\(pad)  aliases: [\"Org \(n)\", 'Ltd \(n)']\n"
            default:
                yaml += "\(pad)  tags:\n\(pad)    - x\n\(pad)    - y\n\(pad)  aliases:\n\(pad)    - |\n\(pad)      Block \(n)\n"
            }
        }
        return yaml + tail
    }

    /// 1-based number of the first line equal to `text`.
    static func lineNumber(of text: String, in yaml: String) -> Int? {
        yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == text }.map { $0 + 1 }
    }

    /// Loads `yaml` in one pass and in `pieces` pieces; both must agree, warnings and errors included.
    func expectSameReading(_ yaml: String, pieces: [Int] = [2, 3, 7],
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let bytes = Array(yaml.utf8)
        let whole = Result { () throws(ConfigError) in try WatchlistLoader.parse(bytes, file: "w.yaml", pieces: 1) }
        for count in pieces {
            let split = Result { () throws(ConfigError) in
                try WatchlistLoader.parse(bytes, file: "w.yaml", pieces: count, minimumSplitBytes: 0)
            }
            switch (whole, split) {
            case (.success(let one), .success(let many)):
                #expect(one.value.actors == many.value.actors, "\(count) pieces", sourceLocation: sourceLocation)
                #expect(one.value.defaultCase == many.value.defaultCase, sourceLocation: sourceLocation)
                #expect(one.warnings == many.warnings, "\(count) pieces", sourceLocation: sourceLocation)
            case (.failure(let one), .failure(let many)):
                #expect(one.diagnostics == many.diagnostics, "\(count) pieces", sourceLocation: sourceLocation)
            default:
                Issue.record("one pass and \(count) pieces disagree: \(whole) vs \(split)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Whether the pieces were used at all (otherwise the comparisons above prove nothing).
    func splits(_ yaml: String, pieces: Int = 3) -> Bool {
        WatchlistChunks.read(Array(yaml.utf8), file: "w.yaml", presetDefault: nil, pieces: pieces, minimumBytes: 0) != nil
    }

    @Test func piecesGiveTheOnePassResult() throws {
        let yaml = Self.generated(300)
        #expect(splits(yaml))
        expectSameReading(yaml)
        let loaded = try WatchlistLoader.parse(Array(yaml.utf8), file: "w.yaml", pieces: 4, minimumSplitBytes: 0)
        #expect(loaded.value.actors.count == 300)
        let line = try #require(Self.lineNumber(of: "  - id: actor-299", in: yaml))
        #expect(loaded.value.actors[299].location == SourceLocation(file: "w.yaml", line: line, column: 5))
    }

    @Test func listAtColumnZero() {
        let yaml = Self.generated(120, indent: 0)
        #expect(splits(yaml))
        expectSameReading(yaml)
    }

    @Test func warningsInLaterPiecesKeepTheirLines() throws {
        var yaml = Self.generated(200)
        yaml += "  - id: late\n    name: Late\n    aliases: [Late, Late]\n"
        #expect(splits(yaml))
        expectSameReading(yaml)
        let loaded = try WatchlistLoader.parse(Array(yaml.utf8), file: "w.yaml", pieces: 3, minimumSplitBytes: 0)
        let line = try #require(Self.lineNumber(of: "    aliases: [Late, Late]", in: yaml))
        #expect(loaded.warnings.map(\.description) == ["w.yaml:\(line):21: warning: actor 'late': alias 'Late' is listed twice"])
    }

    @Test func errorsAreReportedAsByOnePass() {
        var yaml = Self.generated(200)
        yaml += "  - id: Broken\n    name: [x]\n    colour: red\n"
        #expect(!splits(yaml))
        expectSameReading(yaml)
    }

    @Test func defaultsAfterTheList() {
        expectSameReading(Self.generated(150) + "defaults:\n  case: ignore\n")
        expectSameReading(Self.generated(150).replacingOccurrences("defaults:\n  case: smart\n", "defaults:\n  case: exact\n"))
    }

    @Test func anotherListAfterTheActors() {
        // Cuts may land in `extra`, whose items have the actors' indentation: they must be refused.
        var yaml = Self.generated(40) + "extra:\n"
        for n in 0..<400 { yaml += "  - item \(n)\n" }
        #expect(!splits(yaml, pieces: 2))
        expectSameReading(yaml)
    }

    @Test func valuesSpanningACutLine() {
        // A quoted scalar and a flow list whose continuation lines look like list items.
        var yaml = "actors:\n"
        for n in 0..<60 {
            yaml += "  - id: a\(n)\n    name: \"first line\n  - not an item \(n)\"\n"
            yaml += "    aliases: [One \(n),\n  - Two \(n)]\n"
        }
        expectSameReading(yaml)
    }

    @Test func anchorsAcrossPieces() {
        var yaml = "actors:\n  - id: first\n    name: First\n    tags: &shared [x, y]\n"
        for n in 0..<100 { yaml += "  - id: a\(n)\n    name: A \(n)\n    tags: *shared\n" }
        expectSameReading(yaml)
    }

    @Test func syntaxErrorInALaterPiece() {
        expectSameReading(Self.generated(100) + "  - id: x\n    name: \"unterminated\n")
    }

    @Test func splitterCutsAtItemsWithTheirLineNumbers() throws {
        let yaml = "defaults: {case: smart}\nactors:\n  - id: a\n    name: A\n  - id: b\n    name: B\n  -\n    id: c\n    name: C\n"
        let bytes = Array(yaml.utf8)
        let splitter = try #require(ListSplitter(bytes, key: "actors", pieces: 10))
        #expect(splitter.prologueEnd == 24)
        #expect(splitter.cuts.map(\.line) == [5, 7])
        for cut in splitter.cuts {
            #expect(bytes[cut.offset..<(cut.offset + 3)].elementsEqual(Array("  -".utf8)))
        }
        #expect(ListSplitter(Array("actors: [a, b]\n".utf8), key: "actors", pieces: 2) == nil)
        #expect(ListSplitter(bytes, key: "actors", pieces: 1) == nil)
    }
}

private extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
