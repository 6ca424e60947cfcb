import FeedwatchConfig

/// A phrase occurrence found while scanning one item.
struct Occurrence {
    var field: Int32
    var tokenStart: Int32
    var tokenEnd: Int32
    var byteStart: Int32
    var byteEnd: Int32
    var scalarStart: Int32
    var scalarEnd: Int32
    var entry: Int32
    /// The first rule-derived word's rule (0: every word as written), for `--explain`.
    var reading: UInt16 = 0
}

/// The work of one `match` call: scan each field, walk the trie from every token, then pick
/// leftmost-longest mentions among the aliases whose conditions hold. Owns all per-call state, so
/// the shared `MatchIndex` stays immutable.
struct MatchRun {
    let index: MatchIndex
    let explain: Bool
    /// Whether words may be read through the script rules (off only to compare with the
    /// literal matcher), and the suffix rules of the item's declared language.
    let scripts: Bool
    let language: AffixTrie?
    private var cache = FoldCache()
    private var tokens: [ScannedToken] = []
    /// Alias occurrences that pass their case mode, in (field, start, length) order.
    private(set) var candidates: [Occurrence] = []
    /// Alias occurrences rejected by case mode (only collected when explaining).
    private(set) var caseMisses: [Occurrence] = []
    /// First occurrence of each condition phrase found in the item.
    private(set) var conditionsFound: [Int32: Occurrence] = [:]

    init(index: MatchIndex, explain: Bool, scripts: Bool = true, language: AffixTrie? = nil) {
        self.index = index
        self.explain = explain
        self.scripts = scripts
        self.language = language
    }

    mutating func scan(field: Int, text: String) {
        var text = text
        text.withUTF8 { utf8 in
            tokens.removeAll(keepingCapacity: true)
            // `index` keeps the table alive for the whole call, so its raw view stays valid.
            var resolver = ReadingResolver(table: index.vocabulary.view, scripts: scripts, language: language)
            Scanner.scan(utf8, resolver: &resolver, cache: &cache, into: &tokens)
            let scanned = tokens
            scanned.withUnsafeBufferPointer { walk(field: Int32(field), tokens: $0, utf8: utf8) }
        }
    }

    private mutating func walk(field: Int32, tokens: UnsafeBufferPointer<ScannedToken>,
                               utf8: UnsafeBufferPointer<UInt8>) {
        let count = tokens.count
        for start in 0..<count {
            let first = tokens[start].id
            if first < 0 { continue }
            var step = index.rootSteps[Int(first)]
            var end = start
            var derived = tokens[start].reading != 0
            while step.node >= 0 {
                if step.terminalStart < step.terminalEnd {
                    for slot in step.terminalStart..<step.terminalEnd {
                        examine(entry: slot, field: field, start: start, end: end + 1, derived: derived,
                                tokens: tokens, utf8: utf8)
                    }
                }
                end += 1
                if end >= count { break }
                let next = tokens[end].id
                if next < 0 { break }
                derived = derived || tokens[end].reading != 0
                step = index.next(after: step, token: next)
            }
        }
    }

    private mutating func examine(entry entryIndex: Int32, field: Int32, start: Int, end: Int, derived: Bool,
                                  tokens: UnsafeBufferPointer<ScannedToken>, utf8: UnsafeBufferPointer<UInt8>) {
        let entry = index.entries[Int(entryIndex)]
        var reading: UInt16 = 0
        if derived {
            guard let first = readingAllowed(entry, tokens: tokens, start: start, end: end) else { return }
            reading = first
        }
        let passes = casePasses(entry, tokens: tokens, start: start, end: end, utf8: utf8)
        let occurrence = Occurrence(field: field, tokenStart: Int32(start), tokenEnd: Int32(end),
                                    byteStart: tokens[start].byteStart, byteEnd: tokens[end - 1].byteEnd,
                                    scalarStart: tokens[start].scalarStart, scalarEnd: tokens[end - 1].scalarEnd,
                                    entry: entryIndex, reading: reading)
        switch entry.role {
        case .condition(let condition):
            if passes && conditionsFound[condition] == nil { conditionsFound[condition] = occurrence }
        case .alias:
            if passes { candidates.append(occurrence) } else if explain { caseMisses.append(occurrence) }
        }
    }

    /// Whether the phrase may use the rule-derived words among its tokens: each stands where
    /// its rule allows (a proclitic on the first word, the German genitive on the last), an
    /// inflection rule only on a capitalised alias word, and never in a `case: exact` phrase or
    /// one whose actor or alias says `inflect: false`. Returns the first such word's rule.
    private func readingAllowed(_ entry: PhraseEntry, tokens: UnsafeBufferPointer<ScannedToken>,
                                start: Int, end: Int) -> UInt16? {
        guard entry.inflects, entry.caseMode != .exact else { return nil }
        var first: UInt16 = 0
        for position in start..<end {
            let reading = tokens[position].reading
            guard reading != 0, let rule = Readings.shared.rule(reading) else { continue }
            switch rule.place {
            case .first: if position != start { return nil }
            case .last: if position != end - 1 { return nil }
            case .any: break
            }
            if rule.needsCapital && entry.requirement(position - start, index) != .firstUpper { return nil }
            if first == 0 { first = reading }
        }
        return first
    }

    private func casePasses(_ entry: PhraseEntry, tokens: UnsafeBufferPointer<ScannedToken>, start: Int, end: Int,
                            utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let base = Int(entry.tokenStart)
        switch entry.caseMode {
        case .ignore:
            return true
        case .smart:
            for offset in 0..<(end - start) where !entry.requirement(offset, index).accepts(tokens[start + offset].shape) {
                return false
            }
            return true
        case .exact:
            for offset in 0..<(end - start)
            where !ExactForm.matches(utf8, tokens[start + offset], index.exactForms[base + offset]) {
                return false
            }
            return true
        }
    }

    /// Why an alias occurrence may not count in this item, or nil when it counts.
    func blocker(for entry: PhraseEntry) -> NearMissBlocker? {
        guard entry.conditional, case .alias(let actor, _) = entry.role else { return nil }
        if entry.requiresCount > 0 {
            let lists = index.conditionLists
            let range = Int(entry.requiresStart)..<Int(entry.requiresStart + entry.requiresCount)
            if !range.contains(where: { conditionsFound[lists[$0]] != nil }) {
                return .requires(range.map { index.conditions[Int(lists[$0])].text })
            }
        }
        for slot in index.excludeRanges[Int(actor)] {
            let condition = index.conditionLists[slot]
            if let found = conditionsFound[condition] { return .excluded(condition, found) }
        }
        return nil
    }

    enum NearMissBlocker {
        case requires([String])
        case excluded(Int32, Occurrence)
    }

    /// Leftmost-longest, non-overlapping selection among the candidates that count.
    func selectMentions() -> [Occurrence] {
        var selected: [Occurrence] = []
        var resumeField: Int32 = -1
        var resumeToken: Int32 = 0
        var groupStart = 0
        let count = candidates.count
        while groupStart < count {
            let head = candidates[groupStart]
            var groupEnd = groupStart + 1
            while groupEnd < count && candidates[groupEnd].field == head.field
                    && candidates[groupEnd].tokenStart == head.tokenStart {
                groupEnd += 1
            }
            defer { groupStart = groupEnd }
            if head.field != resumeField { resumeField = head.field; resumeToken = 0 }
            guard head.tokenStart >= resumeToken else { continue }
            var longest: Int32 = -1
            for slot in groupStart..<groupEnd where candidates[slot].tokenEnd > longest
                && blocker(for: index.entries[Int(candidates[slot].entry)]) == nil {
                longest = candidates[slot].tokenEnd
            }
            guard longest >= 0 else { continue }
            let firstSelected = selected.count
            for slot in groupStart..<groupEnd where candidates[slot].tokenEnd == longest {
                let occurrence = candidates[slot]
                let entry = index.entries[Int(occurrence.entry)]
                guard case .alias(let actor, _) = entry.role, blocker(for: entry) == nil else { continue }
                // One mention per actor for these words, from its first alias in watchlist order.
                let duplicate = selected[firstSelected...].contains {
                    if case .alias(let other, _) = index.entries[Int($0.entry)].role { return other == actor }
                    return false
                }
                if !duplicate { selected.append(occurrence) }
            }
            resumeToken = longest
        }
        return selected
    }
}
