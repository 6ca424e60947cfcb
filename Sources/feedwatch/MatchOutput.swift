import ActorMatch
import FeedwatchConfig

/// How `feedwatch match` prints one document: readable text with the mention in [brackets], or
/// one JSON object (`{"actors":[{"id":…,"mentions":[…]}]}`) for scripts and benchmarks.
struct MatchOutput {
    var json: Bool
    var explain: Bool

    func render(document: Int, text: String, result: MatchExplanation, watchlist: Watchlist) -> String {
        json ? renderJSON(result) : renderText(document, result, watchlist)
    }

    private func renderText(_ document: Int, _ result: MatchExplanation, _ watchlist: Watchlist) -> String {
        var lines = ["#\(document): " + (result.hits.isEmpty ? "no actors" :
            "\(result.hits.count) actor\(result.hits.count == 1 ? "" : "s")")]
        for hit in result.hits {
            let actor = watchlist.actors[hit.actorIndex]
            lines.append("  \(hit.actorID) (\(actor.name))")
            for mention in hit.mentions {
                lines.append("    \(mention.offset): \(Self.highlight(mention))" + aliasNote(mention))
            }
        }
        if explain {
            for miss in result.nearMisses {
                lines.append("  near miss: \(miss.actorID): \(Self.highlight(miss.mention)): \(Self.describe(miss))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func aliasNote(_ mention: Mention) -> String {
        if let reading = mention.reading { return "  (read as \(reading))" }
        return mention.text == mention.alias ? "" : "  (alias '\(mention.alias)')"
    }

    static func highlight(_ mention: Mention) -> String {
        let scalars = Array(mention.context.unicodeScalars)
        let start = min(mention.contextOffset, scalars.count)
        let end = min(start + mention.contextLength, scalars.count)
        func text(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }
        return text(scalars[..<start]) + "[" + text(scalars[start..<end]) + "]" + text(scalars[end...])
    }

    static func describe(_ miss: NearMiss) -> String {
        switch miss.reason {
        case .caseMode(let mode):
            return "alias '\(miss.mention.alias)' rejected by case: \(mode.rawValue)"
        case .requiresNotMet(let phrases):
            return "alias '\(miss.mention.alias)' requires one of " + phrases.map { "'\($0)'" }.joined(separator: ", ")
                + ", none found"
        case .excluded(let phrase, let found):
            return "actor excluded by '\(phrase)' (found at \(found.field) \(found.offset))"
        }
    }

    /// Hand-written rather than `JSONSerialization`, which took most of the time of
    /// `feedwatch match --json` on large inputs. Keys are sorted, as `.sortedKeys` would.
    private func renderJSON(_ result: MatchExplanation) -> String {
        var out = #"{"actors":["#
        for (index, hit) in result.hits.enumerated() {
            if index > 0 { out += "," }
            out += #"{"id":"# + JSON.string(hit.actorID) + #","mentions":["#
            out += hit.mentions.map(Self.json).joined(separator: ",") + "]}"
        }
        out += "]"
        if explain {
            out += #","near_misses":["#
            out += result.nearMisses.map { miss in
                var fields = [(key: "id", value: JSON.string(miss.actorID)), ("mention", Self.json(miss.mention))]
                switch miss.reason {
                case .caseMode(let mode):
                    fields += [("case", JSON.string(mode.rawValue)), ("reason", JSON.string("case"))]
                case .requiresNotMet(let phrases):
                    fields += [("reason", JSON.string("requires")),
                               ("requires", "[" + phrases.map(JSON.string).joined(separator: ",") + "]")]
                case .excluded(let phrase, let found):
                    fields += [("exclude", JSON.string(phrase)), ("found", Self.json(found)),
                               ("reason", JSON.string("exclude"))]
                }
                return JSON.object(fields)
            }.joined(separator: ",")
            out += "]"
        }
        return out + "}"
    }

    static func json(_ mention: Mention) -> String {
        var fields = [
            (key: "alias", value: JSON.string(mention.alias)), ("context", JSON.string(mention.context)),
            ("context_length", String(mention.contextLength)), ("context_offset", String(mention.contextOffset)),
            ("field", JSON.string(mention.field)), ("length", String(mention.length)),
            ("offset", String(mention.offset)), ("text", JSON.string(mention.text)),
        ]
        if let reading = mention.reading { fields.append(("reading", JSON.string(reading))) }
        return JSON.object(fields)
    }
}

/// Minimal JSON text building for the match output.
enum JSON {
    static func object(_ fields: [(key: String, value: String)]) -> String {
        "{" + fields.sorted { $0.key < $1.key }.map { string($0.key) + ":" + $0.value }.joined(separator: ",") + "}"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
