import ActorMatch
import FeedwatchConfig
import Foundation

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
        mention.text == mention.alias ? "" : "  (alias '\(mention.alias)')"
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

    private func renderJSON(_ result: MatchExplanation) -> String {
        var object: [String: Any] = [
            "actors": result.hits.map { ["id": $0.actorID, "mentions": $0.mentions.map(Self.jsonObject)] },
        ]
        if explain {
            object["near_misses"] = result.nearMisses.map { miss -> [String: Any] in
                var entry: [String: Any] = ["id": miss.actorID, "mention": Self.jsonObject(miss.mention)]
                switch miss.reason {
                case .caseMode(let mode): entry["reason"] = "case"; entry["case"] = mode.rawValue
                case .requiresNotMet(let phrases): entry["reason"] = "requires"; entry["requires"] = phrases
                case .excluded(let phrase, let found):
                    entry["reason"] = "exclude"
                    entry["exclude"] = phrase
                    entry["found"] = Self.jsonObject(found)
                }
                return entry
            }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func jsonObject(_ mention: Mention) -> [String: Any] {
        ["alias": mention.alias, "text": mention.text, "field": mention.field, "offset": mention.offset,
         "length": mention.length, "context": mention.context, "context_offset": mention.contextOffset,
         "context_length": mention.contextLength]
    }
}
