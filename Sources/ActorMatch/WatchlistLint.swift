import FeedwatchConfig

/// Warnings about aliases that are legal but will probably not match what the editor meant.
/// `feedwatch check` prints them; none stops the daemon.
public enum WatchlistLint {
    /// Aliases shorter than this many letters match ordinary words too easily unless `case: exact`.
    public static let minimumLetters = 3

    /// Every warning for the watchlist, in file order, each located at the offending alias.
    public static func diagnostics(for watchlist: Watchlist) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var firstOwner: [String: (actor: WatchedActor, alias: Alias)] = [:]
        for actor in watchlist.actors {
            for alias in actor.aliases {
                let tokens = TextNormalizer.tokens(in: alias.text)
                diagnostics += wordWarnings(actor, alias, tokens)
                guard !tokens.isEmpty else { continue }
                let key = tokens.map(\.folded).joined(separator: " ")
                if let owner = firstOwner[key] {
                    if owner.actor.id != actor.id {
                        let place = "\(owner.alias.location.file):\(owner.alias.location.line)"
                        diagnostics.append(Diagnostic(.warning, alias.location, """
                            actor '\(actor.id)': alias '\(alias.text)' folds to the same words as alias \
                            '\(owner.alias.text)' of actor '\(owner.actor.id)' (\(place)); both actors will \
                            be reported for it
                            """))
                    }
                } else {
                    firstOwner[key] = (actor, alias)
                }
            }
        }
        return diagnostics + RuleOverlap.diagnostics(for: watchlist)
    }

    private static func wordWarnings(_ actor: WatchedActor, _ alias: Alias,
                                     _ tokens: [TextNormalizer.Token]) -> [Diagnostic] {
        let letters = alias.text.unicodeScalars.filter { $0.properties.generalCategory.isLetter }.count
        let prefix = "actor '\(actor.id)': alias '\(alias.text)'"
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
            let letters = token.text.unicodeScalars.filter { $0.properties.generalCategory.isLetter }
            let capitals = letters.allSatisfy { $0.properties.isUppercase }
            if letters.count >= 2 && capitals { return false }
        }
        return true
    }
}
