import FeedwatchConfig

/// One phrase that ends at a trie node: an alias of an actor, or a condition phrase
/// (`requires` / `exclude`) whose presence anywhere in the item is what counts.
struct PhraseEntry: Sendable, BitwiseCopyable, Equatable {
    enum Role: Sendable, Equatable {
        case alias(actor: Int32, alias: Int32)
        case condition(Int32)
    }

    var role: Role
    var caseMode: CaseMode
    /// Smart-case requirements of the first 32 tokens, two bits each, so checking a candidate
    /// touches no other array (longer phrases read the rest from `MatchIndex.requirements`).
    var requirementBits: UInt64
    /// Into `MatchIndex.requirements` / `exactForms`, one per token.
    var tokenStart: Int32
    /// Into `MatchIndex.conditionLists` for an alias's `requires` (empty when unconditional).
    var requiresStart: Int32
    var requiresCount: Int32
    /// Whether `requires` or the actor's `exclude` can block this alias; most aliases have neither.
    var conditional: Bool
    /// Whether words read through a language or script rule may match it (`inflect: false` in
    /// the watchlist turns that off).
    var inflects: Bool

    @inline(__always)
    func requirement(_ offset: Int, _ index: MatchIndex) -> CaseRequirement {
        if offset < 32 { return CaseRequirement(rawValue: UInt8(truncatingIfNeeded: requirementBits >> (2 * UInt64(offset))) & 3) ?? .any }
        return index.requirements[Int(tokenStart) + offset]
    }
}

/// A `requires` or `exclude` phrase, for explanations.
struct ConditionPhrase: Sendable {
    var text: String
}

/// The compiled watchlist: vocabulary, a trie over token ids, and what ends at each node.
/// Built once, never mutated, shared by every match call.
final class MatchIndex: Sendable {
    let vocabulary: TokenTable
    /// The root's child for each vocabulary id (`TrieStep.none` if no phrase starts with it).
    let rootSteps: FrozenArray<TrieStep>
    /// Other edges: open addressing on `node << 32 | token`, each with the step it leads to.
    let edges: FrozenArray<TrieEdge>
    let edgeMask: Int
    /// Phrases ending at a node are `entries[step.terminalStart ..< step.terminalEnd]` (entries are
    /// stored in node order, watchlist order within a node).
    let entries: FrozenArray<PhraseEntry>
    /// The watchlist's actors (shared, not copied): what a selected mention reports, its alias
    /// text and actor id, is read from here through the entry's role (`aliasText`, `actorID`).
    let actors: [WatchedActor]
    let requirements: FrozenArray<CaseRequirement>
    let exactForms: [[UInt8]]
    let conditions: [ConditionPhrase]
    let conditionLists: FrozenArray<Int32>
    /// Exclude condition ids of actor `a`: `conditionLists[excludeRanges[a]]`.
    let excludeRanges: [Range<Int>]

    static let emptyKey = UInt64.max

    /// From its parts, as an archive stored them (`MatchIndex.init(_:watchlist:)`).
    init(vocabulary: TokenTable, rootSteps: FrozenArray<TrieStep>, edges: FrozenArray<TrieEdge>,
         entries: FrozenArray<PhraseEntry>, actors: [WatchedActor], requirements: FrozenArray<CaseRequirement>,
         exactForms: [[UInt8]], conditions: [ConditionPhrase], conditionLists: FrozenArray<Int32>, excludeRanges: [Range<Int>]) {
        self.vocabulary = vocabulary
        self.rootSteps = rootSteps
        self.edges = edges
        edgeMask = edges.count - 1
        self.entries = entries
        self.actors = actors
        self.requirements = requirements
        self.exactForms = exactForms
        self.conditions = conditions
        self.conditionLists = conditionLists
        self.excludeRanges = excludeRanges
    }

    /// Watchlists of at least this many actors have their phrases compiled on every core.
    static let parallelActors = 20_000

    /// `pieces`: how many threads tokenise the phrases (`PhraseCompilation`).
    init(watchlist: Watchlist, pieces: Int? = nil) {
        let pieces = pieces ?? (watchlist.actors.count >= Self.parallelActors ? UsableCores.count : 1)
        let compiled = PhraseCompilation(actors: watchlist.actors, pieces: pieces)
        var nextPhrase = 0, nextForm = 0
        var entries: [PhraseEntry] = []
        var requirements: [CaseRequirement] = []
        var exactForms: [[UInt8]] = []
        var conditions: [ConditionPhrase] = []
        var conditionLists: [Int32] = []
        var excludeRanges: [Range<Int>] = []
        // Sized up front: a 100,000-actor watchlist would otherwise hold each array twice while
        // it grows, at the build's memory peak.
        let phraseCount = watchlist.actors.reduce(0) { total, actor in
            actor.aliases.reduce(total + actor.exclude.count) { $0 + 1 + $1.requires.count }
        }
        entries.reserveCapacity(phraseCount)
        requirements.reserveCapacity(phraseCount * 2)
        exactForms.reserveCapacity(phraseCount * 2)
        excludeRanges.reserveCapacity(watchlist.actors.count)
        // Phrase `n`'s token ids are `pathTokens[pathEnds[n - 1] ..< pathEnds[n]]` (one flat array
        // rather than an array per phrase).
        var pathTokens: [Int32] = []
        pathTokens.reserveCapacity(phraseCount * 2)
        var pathEnds: [Int32] = []
        pathEnds.reserveCapacity(phraseCount)

        // Phrases come in `PhraseCompilation.forEachPhrase` order.
        func add(_ mode: CaseMode, _ role: PhraseEntry.Role, requires: Range<Int>, conditional: Bool = false,
                 inflects: Bool) {
            let (ids, tokenRequirements) = compiled.phrase(nextPhrase)
            nextPhrase += 1
            let formCount = mode == .exact ? ids.count : 0
            let forms = compiled.exactForms[nextForm..<(nextForm + formCount)]
            nextForm += formCount
            guard CompiledPhrase.isMatchable(ids) else { return }
            pathTokens.append(contentsOf: ids)
            pathEnds.append(Int32(pathTokens.count))
            var bits: UInt64 = 0
            for (offset, requirement) in tokenRequirements.prefix(32).enumerated() {
                bits |= UInt64(requirement.rawValue) << (2 * UInt64(offset))
            }
            entries.append(PhraseEntry(role: role, caseMode: mode, requirementBits: bits,
                                       tokenStart: Int32(requirements.count),
                                       requiresStart: Int32(requires.lowerBound),
                                       requiresCount: Int32(requires.count), conditional: conditional,
                                       inflects: inflects))
            requirements.append(contentsOf: tokenRequirements)
            if mode == .exact { exactForms.append(contentsOf: forms) } else {
                exactForms.append(contentsOf: repeatElement([], count: ids.count))
            }
        }

        func condition(_ text: String, _ mode: CaseMode, inflects: Bool) -> Int32 {
            let id = Int32(conditions.count)
            conditions.append(ConditionPhrase(text: text))
            add(mode, .condition(id), requires: 0..<0, inflects: inflects)
            return id
        }

        for (actorIndex, actor) in watchlist.actors.enumerated() {
            for (aliasIndex, alias) in actor.aliases.enumerated() {
                let ids = alias.requires.map { condition($0, alias.caseMode, inflects: alias.inflect) }
                let start = conditionLists.count
                conditionLists.append(contentsOf: ids)
                add(alias.caseMode, .alias(actor: Int32(actorIndex), alias: Int32(aliasIndex)),
                    requires: start..<conditionLists.count, conditional: !ids.isEmpty || !actor.exclude.isEmpty,
                    inflects: alias.inflect)
            }
            let ids = actor.exclude.map { condition($0.text, $0.caseMode, inflects: $0.inflect) }
            excludeRanges.append(conditionLists.count..<(conditionLists.count + ids.count))
            conditionLists.append(contentsOf: ids)
        }

        let trie = TrieBuilder(tokens: pathTokens, ends: pathEnds, vocabularySize: compiled.vocabulary.count)
        vocabulary = compiled.vocabulary.freeze()
        func step(_ node: Int32) -> TrieStep {
            guard node >= 0 else { return .none }
            return TrieStep(node: node, terminalStart: trie.terminalStart[Int(node)],
                            terminalEnd: trie.terminalStart[Int(node) + 1])
        }
        rootSteps = FrozenArray(count: trie.rootChild.count) { step(trie.rootChild[$0]) }
        edges = FrozenArray(count: trie.edgeKeys.count) {
            TrieEdge(key: trie.edgeKeys[$0], step: step(trie.edgeChild[$0]))
        }
        edgeMask = trie.edgeKeys.count - 1
        // Reordered in place: copies would double the largest arrays at the build's peak.
        var permutation = Permutation(trie.terminalEntries)
        permutation.apply(to: &entries)
        self.entries = FrozenArray(entries)
        actors = watchlist.actors
        self.requirements = FrozenArray(requirements)
        self.exactForms = exactForms
        self.conditions = conditions
        self.conditionLists = FrozenArray(conditionLists)
        self.excludeRanges = excludeRanges
    }

    /// The alias (or condition phrase) of entry `entry`, as the watchlist writes it.
    func aliasText(_ entry: Int) -> String {
        switch entries[entry].role {
        case .alias(let actor, let alias): actors[Int(actor)].aliases[Int(alias)].text
        case .condition(let condition): conditions[Int(condition)].text
        }
    }

    /// The id of entry `entry`'s actor ("" for a condition phrase).
    func actorID(_ entry: Int) -> String {
        guard case .alias(let actor, _) = entries[entry].role else { return "" }
        return actors[Int(actor)].id
    }

    /// The step from `step`'s node along `token`, or `TrieStep.none`.
    @inline(__always)
    func next(after step: TrieStep, token: Int32) -> TrieStep {
        let key = UInt64(UInt32(step.node)) << 32 | UInt64(UInt32(token))
        var slot = TrieBuilder.slot(for: key, mask: edgeMask)
        while true {
            let edge = edges[slot]
            if edge.key == key { return edge.step }
            if edge.key == MatchIndex.emptyKey { return .none }
            slot = (slot + 1) & edgeMask
        }
    }
}

/// A trie node with the range of phrases ending there, stored wherever the walk arrives from (the
/// root's table, an edge), so following an edge costs one cache miss rather than three.
struct TrieStep: BitwiseCopyable, Equatable {
    var node: Int32
    var terminalStart: Int32
    var terminalEnd: Int32

    static let none = TrieStep(node: -1, terminalStart: 0, terminalEnd: 0)
}

/// One slot of the edge table: `node << 32 | token` (`MatchIndex.emptyKey` when free) and the
/// step it leads to.
struct TrieEdge: BitwiseCopyable, Equatable {
    var key: UInt64
    var step: TrieStep
}

/// Turns phrase paths into the packed trie arrays.
struct TrieBuilder {
    var rootChild: [Int32]
    var edgeKeys: [UInt64]
    var edgeChild: [Int32]
    var terminalStart: [Int32]
    var terminalEntries: [Int32]

    /// Path `n` (the phrase of entry `n`) is `tokens[ends[n - 1] ..< ends[n]]`.
    init(tokens: [Int32], ends pathEnds: [Int32], vocabularySize: Int) {
        rootChild = Array(repeating: -1, count: max(vocabularySize, 1))
        var edges: [UInt64: Int32] = [:]
        edges.reserveCapacity(pathEnds.count)
        var nodeCount: Int32 = 1
        var ends: [(node: Int32, entry: Int32)] = []
        ends.reserveCapacity(pathEnds.count)
        var start = 0
        for (entry, end) in pathEnds.enumerated() {
            var node: Int32 = 0
            for token in tokens[start..<Int(end)] {
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
            ends.append((node, Int32(entry)))
            start = Int(end)
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

/// Reorders arrays in place so that element `i` becomes the element at `order[i]`, following the
/// permutation's cycles; `order` must hold every index once.
struct Permutation {
    private let order: [Int32]
    private var visited: [Bool]

    init(_ order: [Int32]) {
        self.order = order
        visited = Array(repeating: false, count: order.count)
    }

    mutating func apply<T>(to array: inout [T]) {
        precondition(array.count == order.count, "a permutation reorders arrays of its own length")
        for index in visited.indices { visited[index] = false }
        for start in order.indices where !visited[start] {
            let first = array[start]
            var index = start
            while true {
                visited[index] = true
                let next = Int(order[index])
                if next == start {
                    array[index] = first
                    break
                }
                array[index] = array[next]
                index = next
            }
        }
    }
}
