import FeedwatchConfig

/// Finds the watchlist's actors in an item's text.
///
/// Built once per watchlist load (reloading builds a new one and swaps it), immutable, and shared
/// by every worker: matching cost is linear in the text and does not grow with the number of
/// actors, because text words are looked up in one vocabulary table and phrases are followed in a
/// trie over word ids. Semantics are in `docs/matching.md`.
public struct Matcher: Sendable {
    public let watchlist: Watchlist
    let index: MatchIndex

    public init(watchlist: Watchlist) {
        self.watchlist = watchlist
        index = MatchIndex(watchlist: watchlist)
    }

    /// Every actor mentioned in the item, in order of first mention, each with all its mentions.
    public func match(_ fields: [TextField]) -> [ActorHit] {
        run(fields, explain: false).hits
    }

    /// Like `match`, plus the near misses an editor tuning the watchlist wants to see.
    public func explain(_ fields: [TextField]) -> MatchExplanation {
        run(fields, explain: true)
    }

    /// Convenience for a single field named `text`.
    public func match(_ text: String) -> [ActorHit] {
        match([TextField(name: "text", text: text)])
    }

    private func run(_ fields: [TextField], explain: Bool) -> MatchExplanation {
        var run = MatchRun(index: index, explain: explain)
        for (position, field) in fields.enumerated() { run.scan(field: position, text: field.text) }
        var texts = FieldTexts(fields)
        var hits: [ActorHit] = []
        var hitIndex: [Int32: Int] = [:]
        let selected = run.selectMentions()
        for occurrence in selected {
            guard case .alias(let actor, let alias) = index.entries[Int(occurrence.entry)].role else { continue }
            let mention = texts.mention(occurrence, alias: aliasText(actor, alias))
            if let existing = hitIndex[actor] {
                hits[existing].mentions.append(mention)
            } else {
                hitIndex[actor] = hits.count
                hits.append(ActorHit(actorID: watchlist.actors[Int(actor)].id, actorIndex: Int(actor),
                                     mentions: [mention]))
            }
        }
        guard explain else { return MatchExplanation(hits: hits, nearMisses: []) }
        return MatchExplanation(hits: hits, nearMisses: nearMisses(run, selected, &texts))
    }

    private func nearMisses(_ run: MatchRun, _ selected: [Occurrence], _ texts: inout FieldTexts) -> [NearMiss] {
        var misses: [NearMiss] = []
        // Words already reported for an actor are no near miss for it, whatever other alias failed there.
        var seen = Set(selected.compactMap { occurrence -> [Int32]? in
            guard case .alias(let actor, _) = index.entries[Int(occurrence.entry)].role else { return nil }
            return [actor, occurrence.field, occurrence.scalarStart, occurrence.scalarEnd]
        })
        func add(_ occurrence: Occurrence, _ reason: (Mention) -> NearMiss.Reason) {
            guard case .alias(let actor, let alias) = index.entries[Int(occurrence.entry)].role,
                  seen.insert([actor, occurrence.field, occurrence.scalarStart, occurrence.scalarEnd]).inserted
            else { return }
            let mention = texts.mention(occurrence, alias: aliasText(actor, alias))
            misses.append(NearMiss(actorID: watchlist.actors[Int(actor)].id, mention: mention, reason: reason(mention)))
        }
        for occurrence in run.candidates {
            switch run.blocker(for: index.entries[Int(occurrence.entry)]) {
            case nil: continue
            case .requires(let phrases): add(occurrence) { _ in .requiresNotMet(phrases) }
            case .excluded(let condition, let found):
                let phrase = index.conditions[Int(condition)].text
                let foundMention = texts.mention(found, alias: phrase)
                add(occurrence) { _ in .excluded(phrase: phrase, found: foundMention) }
            }
        }
        for occurrence in run.caseMisses {
            let mode = index.entries[Int(occurrence.entry)].caseMode
            add(occurrence) { _ in .caseMode(mode) }
        }
        return misses.sorted { ($0.mention.field, $0.mention.offset) < ($1.mention.field, $1.mention.offset) }
    }

    private func aliasText(_ actor: Int32, _ alias: Int32) -> String {
        watchlist.actors[Int(actor)].aliases[Int(alias)].text
    }
}

/// The fields' text as byte and scalar arrays, made only for fields that have something to report.
struct FieldTexts {
    private let fields: [TextField]
    private var utf8: [Int: [UInt8]] = [:]
    private var scalars: [Int: [Unicode.Scalar]] = [:]

    init(_ fields: [TextField]) { self.fields = fields }

    mutating func mention(_ occurrence: Occurrence, alias: String) -> Mention {
        let field = Int(occurrence.field)
        let bytes = utf8[field] ?? Array(fields[field].text.utf8)
        utf8[field] = bytes
        let characters = scalars[field] ?? Array(fields[field].text.unicodeScalars)
        scalars[field] = characters
        let text = String(decoding: bytes[Int(occurrence.byteStart)..<Int(occurrence.byteEnd)], as: UTF8.self)
        let start = Int(occurrence.scalarStart), end = Int(occurrence.scalarEnd)
        let context = Snippet.context(characters, start: start, end: end)
        return Mention(alias: alias, text: text, field: fields[field].name, offset: start, length: end - start,
                       context: context.text, contextOffset: context.offset, contextLength: context.length)
    }
}
