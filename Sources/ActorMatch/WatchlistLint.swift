import FeedwatchConfig

/// Warnings about aliases that are legal but will probably not match what the editor meant.
/// `feedwatch check` prints them; none stops the daemon.
public enum WatchlistLint {
    /// Aliases shorter than this many letters match ordinary words too easily unless `case: exact`.
    public static let minimumLetters = 3

    /// Every warning for the watchlist, in file order, each located at the offending alias.
    /// `feedwatch check` runs this over 100,000 actors, so a large watchlist is linted on every
    /// core: `LintScan` tokenises each piece of the actor list once per alias, `LintCollisions`
    /// finds the aliases that fold alike with each thread owning a share of the keys, and the
    /// warnings are then put in alias order, exactly as one pass gives them.
    public static func diagnostics(for watchlist: Watchlist) -> [Diagnostic] {
        diagnostics(for: watchlist, pieces: watchlist.actors.count >= MatchIndex.parallelActors ? UsableCores.count : 1)
    }

    /// `diagnostics(for:)` on `pieces` threads, so tests can compare splits with one pass.
    static func diagnostics(for watchlist: Watchlist, pieces: Int) -> [Diagnostic] {
        let actors = watchlist.actors
        // Several pieces per thread, so that one thread held up elsewhere does not hold up the end.
        let count = max(1, min(pieces > 1 ? 8 * pieces : 1, actors.count))
        let shards = pieces > 1 ? 4 * pieces : 1
        var scans = InPieces.map(count) { part in
            LintScan(actors, range: InPieces.range(part, of: count, total: actors.count), shards: shards)
        }
        var shares = LintCollisions.find(in: scans, actors: actors, shards: shards)
        let rules = RuleOverlap.diagnostics(scans.flatMap(\.candidates), actors: actors)
        // In alias order, an alias's own word warnings before the collision found at it. Built
        // back to front from the ends of the lists, which moves the 44,000 warnings of a large
        // watchlist instead of copying them, then turned around.
        var diagnostics: [Diagnostic] = []
        diagnostics.reserveCapacity(rules.count + shares.reduce(0) { $0 + $1.count }
                                    + scans.reduce(0) { $0 + $1.warnings.count })
        var firstOrdinals: [Int] = []
        var total = 0
        for scan in scans {
            firstOrdinals.append(total)
            total += scan.aliases.count
        }
        var piece = scans.count - 1
        while true {
            while piece >= 0, scans[piece].warnings.isEmpty { piece -= 1 }
            let word = piece >= 0 ? scans[piece].warnings.last.map { firstOrdinals[piece] + $0.alias } : nil
            var share: Int?
            for index in shares.indices {
                guard let last = shares[index].last else { continue }
                if let best = share, let bestLast = shares[best].last, bestLast.ordinal >= last.ordinal { continue }
                share = index
            }
            let collision = share.flatMap { shares[$0].last?.ordinal }
            if let collision, let share, collision >= word ?? -1 {
                if let found = shares[share].popLast() { diagnostics.append(found.diagnostic) }
            } else if word != nil, let warning = scans[piece].popLastWarning() {
                diagnostics.append(warning.diagnostic)
            } else {
                break
            }
        }
        diagnostics.reverse()
        diagnostics.append(contentsOf: rules)
        return diagnostics
    }

    /// What can be wrong with an alias's own words.
    enum WordProblem {
        case noWords, tooLong, noLetters, short, common
    }

    /// The problems of one alias's own words, from what `LintScan` found in it: `words` tokens,
    /// whether one is past the matcher's length limit, `letters` letters in the whole text, and
    /// (asked only when it matters) whether every word is a very common one. Only the rare alias
    /// with a problem is then looked at whole, for its warning.
    static func wordProblems(words: Int, tooLong: Bool, letters: Int, caseMode: CaseMode,
                             allCommon: () -> Bool) -> [WordProblem] {
        if words == 0 { return [.noWords] }
        if tooLong { return [.tooLong] }
        if letters == 0 { return [.noLetters] }
        var problems: [WordProblem] = []
        if letters < minimumLetters && caseMode != .exact { problems.append(.short) }
        if caseMode != .exact && allCommon() { problems.append(.common) }
        return problems
    }

    /// The warning for one of an alias's word problems.
    static func warning(_ problem: WordProblem, _ actor: WatchedActor, _ alias: Alias) -> Diagnostic {
        let prefix = "actor '\(actor.id)': alias '\(alias.text)'"
        switch problem {
        case .noWords:
            return Diagnostic(.warning, alias.location, "\(prefix) has no letters or digits and can never match")
        case .tooLong:
            return Diagnostic(.warning, alias.location, """
                \(prefix) has a word longer than \(TextNormalizer.maxWordBytes) bytes and can never match
                """)
        case .noLetters:
            return Diagnostic(.warning, alias.location, "\(prefix) has no letters; it will match any such number")
        case .short:
            return Diagnostic(.warning, alias.location, """
                \(prefix) is shorter than \(minimumLetters) letters; mark it 'case: exact' so it does not \
                match ordinary words
                """)
        case .common:
            return Diagnostic(.warning, alias.location, """
                \(prefix) consists only of very common words; it will match ordinary text unless it is \
                marked 'case: exact' or given 'requires'
                """)
        }
    }

    /// The warning for an alias whose words fold to those of an earlier alias of another actor.
    static func collision(_ actor: WatchedActor, _ alias: Alias, with ownerActor: WatchedActor,
                          _ ownerAlias: Alias) -> Diagnostic {
        Diagnostic(.warning, alias.location, """
            actor '\(actor.id)': alias '\(alias.text)' folds to the same words as alias \
            '\(ownerAlias.text)' of actor '\(ownerActor.id)' (\(ownerAlias.location.file):\(ownerAlias.location.line)); \
            both actors will be reported for it
            """)
    }

    /// Whether a word as written is in capitals (two letters or more): in smart case it then only
    /// matches capitals (`MIT`), so it does not count as a very common word even when it is one.
    static func isCapitals(_ text: String) -> Bool {
        var letters = 0, capitals = true
        for scalar in text.unicodeScalars where scalar.properties.generalCategory.isLetter {
            letters += 1
            capitals = capitals && scalar.properties.isUppercase
        }
        return letters >= 2 && capitals
    }
}
