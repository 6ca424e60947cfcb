import FeedwatchConfig

/// One phrase that ends at a trie node: an alias of an actor, or a condition phrase
/// (`requires` / `exclude`) whose presence anywhere in the item is what counts.
struct PhraseEntry: Sendable {
    enum Role: Sendable {
        case alias(actor: Int32, alias: Int32)
        case condition(Int32)
    }

    var role: Role
    var caseMode: CaseMode
    /// Into `MatchIndex.requirements` / `exactForms`, one per token.
    var tokenStart: Int32
    /// Into `MatchIndex.conditionLists` for an alias's `requires` (empty when unconditional).
    var requiresStart: Int32
    var requiresCount: Int32
}

/// A `requires` or `exclude` phrase, for explanations.
struct ConditionPhrase: Sendable {
    var text: String
    var actor: Int32
}

/// The compiled watchlist: vocabulary, a trie over token ids, and what ends at each node.
/// Built once, never mutated, shared by every match call.
final class MatchIndex: Sendable {
    let vocabulary: TokenTable
    /// Child of the root for each vocabulary id, or -1.
    let rootChild: FrozenArray<Int32>
    /// Other edges: open addressing on `node << 32 | token`.
    let edgeKeys: FrozenArray<UInt64>
    let edgeChild: FrozenArray<Int32>
    let edgeMask: Int
    /// Phrases ending at node `n`: `terminalEntries[terminalStart[n] ..< terminalStart[n + 1]]`.
    let terminalStart: FrozenArray<Int32>
    let terminalEntries: FrozenArray<Int32>
    let entries: [PhraseEntry]
    let requirements: [CaseRequirement]
    let exactForms: [[UInt8]]
    let conditions: [ConditionPhrase]
    let conditionLists: [Int32]
    /// Exclude condition ids of actor `a`: `conditionLists[excludeRanges[a]]`.
    let excludeRanges: [Range<Int>]

    static let emptyKey = UInt64.max

    init(watchlist: Watchlist) {
        var vocabulary = TokenTableBuilder()
        var cache = FoldCache()
        var entries: [PhraseEntry] = []
        var requirements: [CaseRequirement] = []
        var exactForms: [[UInt8]] = []
        var conditions: [ConditionPhrase] = []
        var conditionLists: [Int32] = []
        var excludeRanges: [Range<Int>] = []
        var paths: [(ids: [Int32], entry: Int32)] = []
        paths.reserveCapacity(watchlist.aliasCount)

        func add(_ text: String, _ mode: CaseMode, _ role: PhraseEntry.Role, requires: Range<Int>) {
            let phrase = CompiledPhrase(text, vocabulary: &vocabulary, cache: &cache)
            guard phrase.isMatchable else { return }
            paths.append((phrase.ids, Int32(entries.count)))
            entries.append(PhraseEntry(role: role, caseMode: mode, tokenStart: Int32(requirements.count),
                                       requiresStart: Int32(requires.lowerBound),
                                       requiresCount: Int32(requires.count)))
            requirements.append(contentsOf: phrase.requirements)
            if mode == .exact { exactForms.append(contentsOf: phrase.exactForms) } else {
                exactForms.append(contentsOf: repeatElement([], count: phrase.ids.count))
            }
        }

        func condition(_ text: String, _ mode: CaseMode, actor: Int) -> Int32 {
            let id = Int32(conditions.count)
            conditions.append(ConditionPhrase(text: text, actor: Int32(actor)))
            add(text, mode, .condition(id), requires: 0..<0)
            return id
        }

        for (actorIndex, actor) in watchlist.actors.enumerated() {
            for (aliasIndex, alias) in actor.aliases.enumerated() {
                let ids = alias.requires.map { condition($0, alias.caseMode, actor: actorIndex) }
                let start = conditionLists.count
                conditionLists.append(contentsOf: ids)
                add(alias.text, alias.caseMode, .alias(actor: Int32(actorIndex), alias: Int32(aliasIndex)),
                    requires: start..<conditionLists.count)
            }
            let ids = actor.exclude.map { condition($0.text, $0.caseMode, actor: actorIndex) }
            excludeRanges.append(conditionLists.count..<(conditionLists.count + ids.count))
            conditionLists.append(contentsOf: ids)
        }

        let trie = TrieBuilder(paths: paths, vocabularySize: vocabulary.count)
        self.vocabulary = vocabulary.freeze()
        rootChild = FrozenArray(trie.rootChild)
        edgeKeys = FrozenArray(trie.edgeKeys)
        edgeChild = FrozenArray(trie.edgeChild)
        edgeMask = trie.edgeKeys.count - 1
        terminalStart = FrozenArray(trie.terminalStart)
        terminalEntries = FrozenArray(trie.terminalEntries)
        self.entries = entries
        self.requirements = requirements
        self.exactForms = exactForms
        self.conditions = conditions
        self.conditionLists = conditionLists
        self.excludeRanges = excludeRanges
    }

    @inline(__always)
    func child(of node: Int32, token: Int32) -> Int32 {
        if node == 0 { return rootChild[Int(token)] }
        let key = UInt64(UInt32(node)) << 32 | UInt64(UInt32(token))
        var slot = TrieBuilder.slot(for: key, mask: edgeMask)
        while true {
            let found = edgeKeys[slot]
            if found == key { return edgeChild[slot] }
            if found == MatchIndex.emptyKey { return -1 }
            slot = (slot + 1) & edgeMask
        }
    }
}

/// Turns phrase paths into the packed trie arrays.
struct TrieBuilder {
    var rootChild: [Int32]
    var edgeKeys: [UInt64]
    var edgeChild: [Int32]
    var terminalStart: [Int32]
    var terminalEntries: [Int32]

    init(paths: [(ids: [Int32], entry: Int32)], vocabularySize: Int) {
        rootChild = Array(repeating: -1, count: max(vocabularySize, 1))
        var edges: [UInt64: Int32] = [:]
        edges.reserveCapacity(paths.count)
        var nodeCount: Int32 = 1
        var ends: [(node: Int32, entry: Int32)] = []
        ends.reserveCapacity(paths.count)
        for path in paths {
            var node: Int32 = 0
            for token in path.ids {
                if node == 0 {
                    if rootChild[Int(token)] < 0 { rootChild[Int(token)] = nodeCount; nodeCount += 1 }
                    node = rootChild[Int(token)]
                } else {
                    let key = UInt64(UInt32(node)) << 32 | UInt64(UInt32(token))
                    if let next = edges[key] { node = next } else {
                        edges[key] = nodeCount
                        node = nodeCount
                        nodeCount += 1
                    }
                }
            }
            ends.append((node, path.entry))
        }
        var capacity = 16
        while capacity < edges.count * 2 { capacity *= 2 }
        edgeKeys = Array(repeating: MatchIndex.emptyKey, count: capacity)
        edgeChild = Array(repeating: -1, count: capacity)
        for (key, child) in edges {
            var slot = TrieBuilder.slot(for: key, mask: capacity - 1)
            while edgeKeys[slot] != MatchIndex.emptyKey { slot = (slot + 1) & (capacity - 1) }
            edgeKeys[slot] = key
            edgeChild[slot] = child
        }
        // Entries in watchlist order within each node, so ties report the earlier alias first.
        ends.sort { $0.node != $1.node ? $0.node < $1.node : $0.entry < $1.entry }
        terminalStart = Array(repeating: 0, count: Int(nodeCount) + 1)
        for end in ends { terminalStart[Int(end.node) + 1] += 1 }
        for node in 0..<Int(nodeCount) { terminalStart[node + 1] += terminalStart[node] }
        terminalEntries = ends.map(\.entry)
    }

    @inline(__always)
    static func slot(for key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 29) & mask
    }
}
