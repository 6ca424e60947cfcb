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
}

/// The work of one `match` call: scan each field, walk the trie from every token, then pick
/// leftmost-longest mentions among the aliases whose conditions hold. Owns all per-call state, so
/// the shared `MatchIndex` stays immutable.
struct MatchRun {
    let index: MatchIndex
    let explain: Bool
    private var cache = FoldCache()
    private var tokens: [ScannedToken] = []
    /// Alias occurrences that pass their case mode, in (field, start, length) order.
    private(set) var candidates: [Occurrence] = []
    /// Alias occurrences rejected by case mode (only collected when explaining).
    private(set) var caseMisses: [Occurrence] = []
    /// First occurrence of each condition phrase found in the item.
    private(set) var conditionsFound: [Int32: Occurrence] = [:]

    init(index: MatchIndex, explain: Bool) {
        self.index = index
        self.explain = explain
    }

    mutating func scan(field: Int, text: String) {
        var text = text
        text.withUTF8 { utf8 in
            tokens.removeAll(keepingCapacity: true)
            // `index` keeps the table alive for the whole call, so its raw view stays valid.
            var resolver = LookupResolver(table: index.vocabulary.view)
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
            while step.node >= 0 {
                if step.terminalStart < step.terminalEnd {
                    for slot in step.terminalStart..<step.terminalEnd {
                        examine(entry: slot, field: field, start: start, end: end + 1, tokens: tokens, utf8: utf8)
                    }
                }
                end += 1
                if end >= count { break }
                let next = tokens[end].id
                if next < 0 { break }
                step = index.next(after: step, token: next)
            }
        }
    }

    private mutating func examine(entry entryIndex: Int32, field: Int32, start: Int, end: Int,
                                  tokens: UnsafeBufferPointer<ScannedToken>, utf8: UnsafeBufferPointer<UInt8>) {
        let entry = index.entries[Int(entryIndex)]
        let passes = casePasses(entry, tokens: tokens, start: start, end: end, utf8: utf8)
        let occurrence = Occurrence(field: field, tokenStart: Int32(start), tokenEnd: Int32(end),
                                    byteStart: tokens[start].byteStart, byteEnd: tokens[end - 1].byteEnd,
                                    scalarStart: tokens[start].scalarStart, scalarEnd: tokens[end - 1].scalarEnd,
                                    entry: entryIndex)
        switch entry.role {
        case .condition(let condition):
            if passes && conditionsFound[condition] == nil { conditionsFound[condition] = occurrence }
        case .alias:
            if passes { candidates.append(occurrence) } else if explain { caseMisses.append(occurrence) }
        }
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
