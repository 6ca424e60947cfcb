import AlertLog
import FeedwatchConfig

/// A fingerprint of everything in the watchlist that changes what matches.
enum WatchlistFingerprint {
    /// Streamed through the hasher: building the parts as strings first took a tenth of a second
    /// at start for 100,000 actors. The value is that of `StableHash.hex` over the parts
    /// `defaultCase`, then per actor its id, one part per alias (`text␁case␁requires…`) and one
    /// per exclude phrase (`-text␁case`), with ␁ = U+0001.
    static func of(_ watchlist: Watchlist) -> String {
        var hasher = StableHasher()
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
                hasher.endPart()
            }
            for phrase in actor.exclude {
                hasher.append("-")
                hasher.append(phrase.text)
                hasher.append("\u{1}")
                hasher.append(phrase.caseMode.rawValue)
                hasher.endPart()
            }
        }
        return StableHash.hex(hasher.value)
    }
}
