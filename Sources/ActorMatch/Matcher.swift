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

    /// A matcher around an index built (or read) elsewhere for this watchlist.
    init(watchlist: Watchlist, index: MatchIndex) {
        self.watchlist = watchlist
        self.index = index
    }

    /// Every actor mentioned in the item, in order of first mention, each with all its mentions.
    /// `language` is the item's declared language (`de`, `ru-RU`): it adds that language's
    /// inflection rules; the rules of Hebrew and Arabic script apply whatever it says.
    public func match(_ fields: [TextField], language: String? = nil) -> [ActorHit] {
        run(fields, explain: false, language: language).hits
    }

    /// Like `match`, plus the near misses an editor tuning the watchlist wants to see.
    public func explain(_ fields: [TextField], language: String? = nil) -> MatchExplanation {
        run(fields, explain: true, language: language)
    }

    /// The matcher without any language or script rule: words match only as written. For
    /// comparing with the rules (the agreement tests).
    func literalMatch(_ fields: [TextField]) -> [ActorHit] {
        run(fields, explain: false, language: nil, scripts: false).hits
    }

    /// Convenience for a single field named `text`.
    public func match(_ text: String) -> [ActorHit] {
        match([TextField(name: "text", text: text)])
    }

    private func run(_ fields: [TextField], explain: Bool, language: String?, scripts: Bool = true) -> MatchExplanation {
        var run = MatchRun(index: index, explain: explain, scripts: scripts,
                           language: language == nil ? nil : Readings.shared.language(LanguageCode.primary(language)))
        for (position, field) in fields.enumerated() { run.scan(field: position, text: field.text) }
        var texts = FieldTexts(fields)
        var hits: [ActorHit] = []
        // An item names a few actors: a linear search beats hashing until it names many.
        var hitIndex: [Int: Int]?
        let selected = run.selectMentions()
        for occurrence in selected {
            let entry = index.entries[Int(occurrence.entry)]
            guard case .alias(let actor32, _) = entry.role else { continue }
            let actor = Int(actor32)
            let mention = texts.mention(occurrence, alias: index.aliasText(Int(occurrence.entry)))
            if let existing = hitIndex.map({ $0[actor] }) ?? hits.firstIndex(where: { $0.actorIndex == actor }) {
                hits[existing].mentions.append(mention)
            } else {
                hitIndex?[actor] = hits.count
                hits.append(ActorHit(actorID: index.actorID(Int(occurrence.entry)), actorIndex: actor,
                                     mentions: [mention]))
                if hitIndex == nil, hits.count == 32 {
                    hitIndex = Dictionary(uniqueKeysWithValues: hits.enumerated().map { ($1.actorIndex, $0) })
                }
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
            let entry = index.entries[Int(occurrence.entry)]
            guard case .alias(let actor, _) = entry.role,
                  seen.insert([actor, occurrence.field, occurrence.scalarStart, occurrence.scalarEnd]).inserted
            else { return }
            let mention = texts.mention(occurrence, alias: index.aliasText(Int(occurrence.entry)))
            misses.append(NearMiss(actorID: index.actorID(Int(occurrence.entry)), mention: mention,
                                   reason: reason(mention)))
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
}

/// Builds mentions from the fields' UTF-8: read in place (native strings are contiguous), copied
/// only for a field whose storage is not, and only if it has something to report.
struct FieldTexts {
    private let fields: [TextField]
    private var copies: [Int: [UInt8]] = [:]

    init(_ fields: [TextField]) { self.fields = fields }

    mutating func mention(_ occurrence: Occurrence, alias: String) -> Mention {
        let field = Int(occurrence.field)
        if let mention = fields[field].text.utf8.withContiguousStorageIfAvailable({
            Self.mention(occurrence, alias: alias, field: fields[field].name, utf8: $0)
        }) {
            return mention
        }
        let bytes = copies[field] ?? Array(fields[field].text.utf8)
        copies[field] = bytes
        return bytes.withUnsafeBufferPointer { Self.mention(occurrence, alias: alias, field: fields[field].name, utf8: $0) }
    }

    private static func mention(_ occurrence: Occurrence, alias: String, field: String,
                                utf8 buffer: UnsafeBufferPointer<UInt8>) -> Mention {
        let start = Int(occurrence.scalarStart), length = Int(occurrence.scalarEnd - occurrence.scalarStart)
        let byteStart = Int(occurrence.byteStart), byteEnd = Int(occurrence.byteEnd)
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[byteStart..<byteEnd]), as: UTF8.self)
        let context = Snippet.context(buffer, byteStart: byteStart, byteEnd: byteEnd, mentionLength: length)
        return Mention(alias: alias, text: text, field: field, offset: start, length: length,
                       context: context.text, contextOffset: context.offset, contextLength: context.length,
                       readingRule: occurrence.reading)
    }
}
