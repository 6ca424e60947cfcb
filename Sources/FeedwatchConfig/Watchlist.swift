/// How an alias's letters must compare with the text. The semantics live in ActorMatch
/// (`docs/matching.md`); the config only records the editor's choice.
public enum CaseMode: String, Sendable, Hashable, CaseIterable, BitwiseCopyable {
    /// Capitalised alias tokens need capitalised text, all-caps tokens need all caps,
    /// lower-case tokens match anything. The default: it keeps `MIT` from matching German "mit".
    case smart
    /// Equal after NFKC only: case and diacritics kept.
    case exact
    /// Equal after full folding.
    case ignore
}

/// What an actor is; copied into alerts so consumers can filter (`feedwatch tail --kind`).
public enum ActorKind: String, Sendable, Hashable, CaseIterable {
    case person, organization, country, place, group, other
}

/// One way of writing an actor's name in text.
public struct Alias: Sendable, Hashable {
    /// As written in the watchlist; reported back in alerts so editors recognise their own entry.
    public var text: String
    public var caseMode: CaseMode
    /// Phrases of which at least one must also occur in the item for this alias to count;
    /// empty means no condition. Matched with this alias's case mode.
    public var requires: [String]
    /// Whether text words read through a language or script rule (`וחמאס`, `Israels`,
    /// `Израиля`) may match it; `inflect: false` where such a reading would be a false positive.
    public var inflect: Bool
    public var location: SourceLocation

    public init(text: String, caseMode: CaseMode, requires: [String] = [], inflect: Bool = true,
                location: SourceLocation) {
        self.text = text
        self.caseMode = caseMode
        self.requires = requires
        self.inflect = inflect
        self.location = location
    }
}

/// A phrase that, when present in an item, suppresses an actor for that item.
public struct ExcludePhrase: Sendable, Hashable {
    public var text: String
    public var caseMode: CaseMode
    /// As for `Alias.inflect`.
    public var inflect: Bool
    public var location: SourceLocation

    public init(text: String, caseMode: CaseMode, inflect: Bool = true, location: SourceLocation) {
        self.text = text
        self.caseMode = caseMode
        self.inflect = inflect
        self.location = location
    }
}

/// A person, organisation, country, ... whose mentions raise alerts.
public struct WatchedActor: Sendable, Hashable {
    /// Stable key in alerts and state; `[a-z0-9][a-z0-9._-]*`, unique in the watchlist.
    public var id: String
    public var name: String
    public var kind: ActorKind
    public var tags: [String]
    /// Never empty: when the file lists no aliases the name is the only one.
    public var aliases: [Alias]
    public var exclude: [ExcludePhrase]
    public var location: SourceLocation

    public init(id: String, name: String, kind: ActorKind, tags: [String] = [], aliases: [Alias],
                exclude: [ExcludePhrase] = [], location: SourceLocation) {
        self.id = id
        self.name = name
        self.kind = kind
        self.tags = tags
        self.aliases = aliases
        self.exclude = exclude
        self.location = location
    }
}

/// The whole watchlist, validated; immutable once loaded so it can be shared by every worker.
public struct Watchlist: Sendable {
    /// The file it came from, as given.
    public var file: String
    public var defaultCase: CaseMode
    public var actors: [WatchedActor]

    public init(file: String, defaultCase: CaseMode = .smart, actors: [WatchedActor]) {
        self.file = file
        self.defaultCase = defaultCase
        self.actors = actors
    }

    /// Number of aliases over all actors (shown by `feedwatch check`).
    public var aliasCount: Int { actors.reduce(0) { $0 + $1.aliases.count } }
}
