import FeedwatchConfig

/// Warnings about aliases that are legal but will probably not match what the editor meant.
/// `feedwatch check` prints them; none stops the daemon.
public enum WatchlistLint {
    /// Aliases shorter than this many letters match ordinary words too easily unless `case: exact`.
    public static let minimumLetters = 3

    /// Every warning for the watchlist, in file order, each located at the offending alias.
    /// Each alias is tokenised once; the rule lint reuses the one-word ones. (`feedwatch check`
    /// runs this over 100,000 actors: owners are kept as indexes, not copies of the actors.)
    public static func diagnostics(for watchlist: Watchlist) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var firstOwner: [String: (actor: Int, alias: Int)] = [:]
        var oneWord: [RuleOverlap.Candidate] = []
        let actors = watchlist.actors
        for (actorIndex, actor) in actors.enumerated() {
            for (aliasIndex, alias) in actor.aliases.enumerated() {
                let tokens = TextNormalizer.tokens(in: alias.text)
                diagnostics += wordWarnings(actor, alias, tokens)
                guard !tokens.isEmpty else { continue }
                if tokens.count == 1, let token = tokens.first, !token.isTooLong, alias.caseMode != .exact {
                    oneWord.append(RuleOverlap.Candidate(actor: actorIndex, alias: aliasIndex, folded: Array(token.folded.utf8)))
                }
                let key = tokens.count == 1 ? tokens[0].folded : tokens.map(\.folded).joined(separator: " ")
                if let owner = firstOwner[key] {
                    let ownerActor = actors[owner.actor], ownerAlias = ownerActor.aliases[owner.alias]
                    if ownerActor.id != actor.id {
                        let place = "\(ownerAlias.location.file):\(ownerAlias.location.line)"
                        diagnostics.append(Diagnostic(.warning, alias.location, """
                            actor '\(actor.id)': alias '\(alias.text)' folds to the same words as alias \
                            '\(ownerAlias.text)' of actor '\(ownerActor.id)' (\(place)); both actors will \
                            be reported for it
                            """))
                    }
                } else {
                    firstOwner[key] = (actorIndex, aliasIndex)
                }
            }
        }
        return diagnostics + RuleOverlap.diagnostics(oneWord, actors: actors)
    }

    private static func wordWarnings(_ actor: WatchedActor, _ alias: Alias,
                                     _ tokens: [TextNormalizer.Token]) -> [Diagnostic] {
        var letters = 0
        for scalar in alias.text.unicodeScalars where scalar.properties.generalCategory.isLetter { letters += 1 }
        var prefix: String { "actor '\(actor.id)': alias '\(alias.text)'" }
        if tokens.isEmpty {
            return [Diagnostic(.warning, alias.location, "\(prefix) has no letters or digits and can never match")]
        }
        if tokens.contains(where: \.isTooLong) {
            return [Diagnostic(.warning, alias.location, """
                \(prefix) has a word longer than \(TextNormalizer.maxWordBytes) bytes and can never match
                """)]
        }
        if letters == 0 {
            return [Diagnostic(.warning, alias.location, "\(prefix) has no letters; it will match any such number")]
        }
        var warnings: [Diagnostic] = []
        if letters < minimumLetters && alias.caseMode != .exact {
            warnings.append(Diagnostic(.warning, alias.location, """
                \(prefix) is shorter than \(minimumLetters) letters; mark it 'case: exact' so it does not \
                match ordinary words
                """))
        }
        if alias.caseMode != .exact && tokens.allSatisfy({ isCommon($0, alias.caseMode) }) {
            warnings.append(Diagnostic(.warning, alias.location, """
                \(prefix) consists only of very common words; it will match ordinary text unless it is \
                marked 'case: exact' or given 'requires'
                """))
        }
        return warnings
    }

    /// A smart-case token in capitals (`MIT`) only matches capitals, so it is not "common".
    private static func isCommon(_ token: TextNormalizer.Token, _ mode: CaseMode) -> Bool {
        guard CommonWords.all.contains(token.folded) else { return false }
        if mode == .smart {
            var letters = 0, capitals = true
            for scalar in token.text.unicodeScalars where scalar.properties.generalCategory.isLetter {
                letters += 1
                capitals = capitals && scalar.properties.isUppercase
            }
            if letters >= 2 && capitals { return false }
        }
        return true
    }
}
