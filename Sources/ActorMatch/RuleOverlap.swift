import FeedwatchConfig

/// The lint for language and script rules: a one-word alias that a rule would also read as
/// another actor's alias (`Katars` is `Katar` + German genitive -s; `מצרים` is מ + `צרים`). The
/// alias as written always wins, so text with that word reports only its own actor: the editor
/// should know, and can set `inflect: false` or drop one of the aliases.
enum RuleOverlap {
    private struct Owners: WordLookup {
        var ids: [[UInt8]: Int32] = [:]
        func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 { ids[Array(bytes)] ?? -1 }
    }

    static func diagnostics(for watchlist: Watchlist) -> [Diagnostic] {
        var owners = Owners()
        var aliases: [(actor: WatchedActor, alias: Alias, folded: [UInt8])] = []
        for actor in watchlist.actors {
            for alias in actor.aliases where alias.caseMode != .exact {
                let tokens = TextNormalizer.tokens(in: alias.text)
                guard tokens.count == 1, let token = tokens.first, !token.isTooLong else { continue }
                let folded = Array(token.folded.utf8)
                if owners.ids[folded] == nil { owners.ids[folded] = Int32(aliases.count) }
                aliases.append((actor, alias, folded))
            }
        }
        guard !aliases.isEmpty else { return [] }
        let readings = Readings.shared
        let tries = [readings.hebrew, readings.arabic] + AffixTables.languages.compactMap { readings.language($0) }
        var diagnostics: [Diagnostic] = []
        for (actor, alias, folded) in aliases {
            for trie in tries {
                let found = folded.withUnsafeBufferPointer { trie.read($0, in: owners) }
                guard let (id, rule) = found, let described = readings.rule(rule) else { continue }
                let other = aliases[Int(id)]
                guard other.actor.id != actor.id, other.alias.inflect else { continue }
                let place = "\(other.alias.location.file):\(other.alias.location.line)"
                diagnostics.append(Diagnostic(.warning, alias.location, """
                    actor '\(actor.id)': alias '\(alias.text)' is also \(described.describe(alias: "'\(other.alias.text)'")), \
                    an alias of actor '\(other.actor.id)' (\(place)); the alias as written wins, so that \
                    word reports only '\(actor.id)' (set 'inflect: false' on '\(other.alias.text)' or drop one alias \
                    if that is not what you mean)
                    """))
            }
        }
        return diagnostics
    }
}
