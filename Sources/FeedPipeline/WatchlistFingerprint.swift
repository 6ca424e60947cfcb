import AlertLog
import FeedwatchConfig

/// A fingerprint of everything in the watchlist that changes what matches.
enum WatchlistFingerprint {
    static func of(_ watchlist: Watchlist) -> String {
        var parts: [String] = [watchlist.defaultCase.rawValue]
        parts.reserveCapacity(watchlist.actors.count * 4)
        for actor in watchlist.actors {
            parts.append(actor.id)
            for alias in actor.aliases {
                parts.append(alias.text + "\u{1}" + alias.caseMode.rawValue + "\u{1}" + alias.requires.joined(separator: "\u{1}"))
            }
            for phrase in actor.exclude { parts.append("-" + phrase.text + "\u{1}" + phrase.caseMode.rawValue) }
        }
        return StableHash.hex(parts)
    }
}
