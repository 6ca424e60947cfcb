import FeedwatchConfig

/// The lint for language and script rules: a one-word alias that a rule would also read as
/// another actor's alias (`Katars` is `Katar` + German genitive -s; `מצרים` is מ + `צרים`). The
/// alias as written always wins, so text with that word reports only its own actor: the editor
/// should know, and can set `inflect: false` or drop one of the aliases.
enum RuleOverlap {
    /// A one-word alias that is not `case: exact`, by its indexes, with its folded word.
    struct Candidate {
        var actor: Int
        var alias: Int
        var folded: [UInt8]
    }

    private struct Owners: WordLookup {
        var ids: [[UInt8]: Int32] = [:]
        func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 { ids[Array(bytes)] ?? -1 }
    }

    static func diagnostics(_ candidates: [Candidate], actors: [WatchedActor]) -> [Diagnostic] {
        guard !candidates.isEmpty else { return [] }
        var owners = Owners()
        for (index, candidate) in candidates.enumerated() where owners.ids[candidate.folded] == nil {
            owners.ids[candidate.folded] = Int32(index)
        }
        let readings = Readings.shared
        let tries = [readings.hebrew, readings.arabic] + AffixTables.languages.compactMap { readings.language($0) }
        var diagnostics: [Diagnostic] = []
        for candidate in candidates {
            let actor = actors[candidate.actor], alias = actor.aliases[candidate.alias]
            for trie in tries {
                let found = candidate.folded.withUnsafeBufferPointer { trie.read($0, in: owners) }
                guard let (id, rule) = found, let described = readings.rule(rule) else { continue }
                let other = candidates[Int(id)]
                let otherActor = actors[other.actor], otherAlias = otherActor.aliases[other.alias]
                guard otherActor.id != actor.id, otherAlias.inflect else { continue }
                let place = "\(otherAlias.location.file):\(otherAlias.location.line)"
                diagnostics.append(Diagnostic(.warning, alias.location, """
                    actor '\(actor.id)': alias '\(alias.text)' is also \(described.describe(alias: "'\(otherAlias.text)'")), \
                    an alias of actor '\(otherActor.id)' (\(place)); the alias as written wins, so that \
                    word reports only '\(actor.id)' (set 'inflect: false' on '\(otherAlias.text)' or drop one alias \
                    if that is not what you mean)
                    """))
            }
        }
        return diagnostics
    }
}
