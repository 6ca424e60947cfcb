import AlertLog
import FeedwatchConfig

/// A fingerprint of everything in the watchlist that changes what matches.
enum WatchlistFingerprint {
    /// Streamed through the hasher: building the parts as strings first took a tenth of a second
    /// at start for 100,000 actors. The value is that of `StableHash.hex` over the parts
    /// `defaultCase`, then per actor its id, one part per alias (`text␁case␁requires…`) and one
    /// per exclude phrase (`-text␁case`), with ␁ = U+0001; a phrase with `inflect: false` ends
    /// in `␁noinflect`. `rules` comes first: a build whose language rules read more words
    /// matches every item still in its feed once more after an upgrade (pairs already alerted
    /// never alert again), so mentions the older rules missed are found.
    static let rules = "rules-2"

    static func of(_ watchlist: Watchlist) -> String {
        var hasher = StableHasher()
        hasher.combine(rules)
        hasher.combine(watchlist.defaultCase.rawValue)
        for actor in watchlist.actors {
            hasher.combine(actor.id)
            for alias in actor.aliases {
                hasher.append(alias.text)
                hasher.append("\u{1}")
                hasher.append(alias.caseMode.rawValue)
                hasher.append("\u{1}")
                for (index, phrase) in alias.requires.enumerated() {
                    if index > 0 { hasher.append("\u{1}") }
                    hasher.append(phrase)
                }
                if !alias.inflect { hasher.append("\u{1}noinflect") }
                hasher.endPart()
            }
            for phrase in actor.exclude {
                hasher.append("-")
                hasher.append(phrase.text)
                hasher.append("\u{1}")
                hasher.append(phrase.caseMode.rawValue)
                if !phrase.inflect { hasher.append("\u{1}noinflect") }
                hasher.endPart()
            }
        }
        return StableHash.hex(hasher.value)
    }
}
