import FeedwatchConfig

extension Matcher {
    /// The built index, for a cache that lets the next start skip the build (about a quarter of
    /// a second for 100,000 actors). The watchlist is archived separately (`ArchiveWriter.actors`)
    /// because a start needs it before the matcher.
    public func archiveIndex(into writer: inout ArchiveWriter) {
        index.archive(into: &writer)
    }

    /// Reads an index archived by `archiveIndex`; it needs no watchlist, so it can be read while
    /// another thread reads the actors.
    public static func readIndex(_ reader: inout ArchiveReader) throws(ArchiveError) -> ArchivedIndex {
        try ArchivedIndex(&reader)
    }

    /// A matcher from an index archived by this build of feedwatch for this very watchlist; the
    /// caller guarantees both (the cache's key). Only bounds are checked here.
    public init(watchlist: Watchlist, index archived: ArchivedIndex) throws(ArchiveError) {
        self.init(watchlist: watchlist, index: try MatchIndex(archived, watchlist: watchlist))
    }
}

/// An archived index read back, waiting for its watchlist.
public struct ArchivedIndex: Sendable {
    let vocabulary: TokenTable
    let rootSteps: FrozenArray<TrieStep>
    let edges: FrozenArray<TrieEdge>
    let entries: FrozenArray<PhraseEntry>
    let requirements: FrozenArray<CaseRequirement>
    let exactForms: [[UInt8]]
    let conditions: [ConditionPhrase]
    let conditionLists: FrozenArray<Int32>
    let excludeBounds: [Int]
}

extension MatchIndex {
    func archive(into writer: inout ArchiveWriter) {
        writer.int(vocabulary.count)
        writer.int(vocabulary.mask)
        writer.plain(vocabulary.slots)
        writer.plain(vocabulary.filter)
        writer.int(Int(vocabulary.filterShift))
        writer.plain(vocabulary.offsets)
        writer.plain(vocabulary.arena)
        writer.plain(rootSteps)
        writer.plain(edges)
        writer.plain(entries)
        writer.plain(requirements)
        // Most tokens have no exact form: lengths, then all the bytes, so an empty one costs a byte.
        writer.plain(exactForms.map { Int32($0.count) })
        writer.plain(Array(exactForms.joined()))
        writer.strings(conditions.map(\.text))
        writer.plain(conditionLists)
        writer.plain(excludeRanges.flatMap { [$0.lowerBound, $0.upperBound] })
    }

    /// What mentions report is not stored: it is read from the watchlist's own strings. Every
    /// entry's actor, alias and condition is checked to exist, as matching reads them unchecked.
    convenience init(_ archived: ArchivedIndex, watchlist: Watchlist) throws(ArchiveError) {
        let bounds = archived.excludeBounds, conditions = archived.conditions
        guard bounds.count == 2 * watchlist.actors.count else { throw ArchiveError("index is for another watchlist") }
        let excludeRanges = stride(from: 0, to: bounds.count, by: 2).map { bounds[$0]..<max(bounds[$0], bounds[$0 + 1]) }
        for offset in 0..<archived.entries.count {
            switch archived.entries[offset].role {
            case .alias(let actor, let alias):
                guard watchlist.actors.indices.contains(Int(actor)),
                      watchlist.actors[Int(actor)].aliases.indices.contains(Int(alias)) else {
                    throw ArchiveError("an entry names alias \(alias) of actor \(actor), which the watchlist lacks")
                }
            case .condition(let condition):
                guard conditions.indices.contains(Int(condition)) else {
                    throw ArchiveError("an entry names condition \(condition) of \(conditions.count)")
                }
            }
        }
        self.init(vocabulary: archived.vocabulary, rootSteps: archived.rootSteps, edges: archived.edges,
                  entries: archived.entries, actors: watchlist.actors, requirements: archived.requirements,
                  exactForms: archived.exactForms, conditions: conditions, conditionLists: archived.conditionLists,
                  excludeRanges: excludeRanges)
    }
}

extension ArchivedIndex {
    init(_ reader: inout ArchiveReader) throws(ArchiveError) {
        let vocabularyCount = try reader.int()
        let mask = try reader.int()
        let slots = try reader.frozen(VocabularySlot.self)
        let filter = try reader.frozen(UInt64.self)
        let filterShift = try reader.int()
        let offsets = try reader.frozen(Int32.self)
        let arena = try reader.frozen(UInt8.self)
        guard slots.count == mask + 1, slots.count.nonzeroBitCount == 1, offsets.count == vocabularyCount,
              (1...63).contains(filterShift), filter.count == (1 << (64 - filterShift)) / 64 else {
            throw ArchiveError("vocabulary tables do not fit together")
        }
        let vocabulary = TokenTable(count: vocabularyCount, mask: mask, slots: slots, filter: filter,
                                    filterShift: UInt64(filterShift), offsets: offsets, arena: arena)
        let rootSteps = try reader.frozen(TrieStep.self)
        let edges = try reader.frozen(TrieEdge.self)
        let entries = try reader.frozen(PhraseEntry.self)
        let requirements = try reader.frozen(CaseRequirement.self)
        let formLengths = try reader.plain(Int32.self)
        let formBytes = try reader.plain(UInt8.self)
        guard formLengths.allSatisfy({ $0 >= 0 }), formLengths.reduce(0, { $0 + Int($1) }) == formBytes.count else {
            throw ArchiveError("exact forms do not add up")
        }
        var exactForms: [[UInt8]] = []
        exactForms.reserveCapacity(formLengths.count)
        var formStart = 0
        for length in formLengths {
            exactForms.append(length == 0 ? [] : Array(formBytes[formStart..<(formStart + Int(length))]))
            formStart += Int(length)
        }
        let conditions = try reader.strings().map(ConditionPhrase.init(text:))
        let conditionLists = try reader.frozen(Int32.self)
        let bounds = try reader.plain(Int.self)
        guard rootSteps.count == max(vocabularyCount, 1), edges.count.nonzeroBitCount == 1, bounds.count % 2 == 0,
              exactForms.count == requirements.count,
              (0..<conditionLists.count).allSatisfy({ conditions.indices.contains(Int(conditionLists[$0])) })
        else {
            throw ArchiveError("index tables do not fit together")
        }
        self.init(vocabulary: vocabulary, rootSteps: rootSteps, edges: edges, entries: entries, requirements: requirements,
                  exactForms: exactForms, conditions: conditions, conditionLists: conditionLists, excludeBounds: bounds)
    }
}
