import FeedwatchConfig

/// One field of an item, matched on its own: no phrase spans two fields or a line break.
public struct TextField: Sendable, Hashable {
    /// `title`, `summary`, `content`: reported back in mentions so an alert says where it was found.
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// One place an actor is mentioned, with enough around it for an analyst to judge it.
public struct Mention: Sendable, Hashable, Codable {
    /// The alias as written in the watchlist, so editors recognise their own entry.
    public var alias: String
    /// The exact original text matched (`Türkiye` out of `Türkiye’s`).
    public var text: String
    /// The field's name.
    public var field: String
    /// Offset in Unicode scalars into the field's text (what most JSON consumers can index).
    public var offset: Int
    /// Length in Unicode scalars of `text`.
    public var length: Int
    /// About 160 characters around the mention, cut at word boundaries, `…` where cut, runs of
    /// whitespace shown as one space.
    public var context: String
    /// Where the mention sits in `context`, in Unicode scalars, so viewers highlight it without
    /// searching (the same words may occur twice).
    public var contextOffset: Int
    public var contextLength: Int
    /// The rule behind `reading` (0: none). A number rather than the text, so a mention stays as
    /// cheap to build and copy as before the rules: a match makes one per name found.
    var readingRule: UInt16 = 0

    /// How a language or script rule read the text as the alias (`ו + חמאס`, `Israel + German
    /// genitive -s`); nil when the text is the alias as written. `text` is then the whole word
    /// as written, affixes included.
    public var reading: String? {
        readingRule == 0 ? nil : Readings.shared.rule(readingRule)?.describe(alias: alias)
    }

    public init(alias: String, text: String, field: String, offset: Int, length: Int, context: String,
                contextOffset: Int, contextLength: Int) {
        self.init(alias: alias, text: text, field: field, offset: offset, length: length, context: context,
                  contextOffset: contextOffset, contextLength: contextLength, readingRule: 0)
    }

    init(alias: String, text: String, field: String, offset: Int, length: Int, context: String,
         contextOffset: Int, contextLength: Int, readingRule: UInt16) {
        self.readingRule = readingRule
        self.alias = alias
        self.text = text
        self.field = field
        self.offset = offset
        self.length = length
        self.context = context
        self.contextOffset = contextOffset
        self.contextLength = contextLength
    }

    /// The public fields; the rule number (`readingRule`) is this build's own and not coded.
    enum CodingKeys: String, CodingKey {
        case alias, text, field, offset, length, context
        case contextOffset = "context_offset"
        case contextLength = "context_length"
    }
}

/// One actor found in an item. Hits come in order of first mention (fields in the order given,
/// then by offset); mentions likewise.
public struct ActorHit: Sendable, Hashable {
    public var actorID: String
    /// Index into `Watchlist.actors`, to reach name, kind and tags without a lookup.
    public var actorIndex: Int
    public var mentions: [Mention]

    public init(actorID: String, actorIndex: Int, mentions: [Mention]) {
        self.actorID = actorID
        self.actorIndex = actorIndex
        self.mentions = mentions
    }
}

/// Something an editor would want to know about when a mention was *not* reported.
public struct NearMiss: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The folded words match, but the alias's case mode rejects how the text is written
        /// (`turkey` for `Turkey` in smart mode).
        case caseMode(CaseMode)
        /// The alias matched but none of its `requires` phrases occurs in the item.
        case requiresNotMet([String])
        /// The alias matched but the actor is suppressed for this item by an `exclude` phrase,
        /// found at `found`.
        case excluded(phrase: String, found: Mention)
    }

    public var actorID: String
    /// The would-be mention (its `alias` is the watchlist alias that nearly matched).
    public var mention: Mention
    public var reason: Reason

    public init(actorID: String, mention: Mention, reason: Reason) {
        self.actorID = actorID
        self.mention = mention
        self.reason = reason
    }
}

/// What `Matcher.explain` returns: the normal result plus the near misses.
public struct MatchExplanation: Sendable, Hashable {
    public var hits: [ActorHit]
    public var nearMisses: [NearMiss]

    public init(hits: [ActorHit], nearMisses: [NearMiss]) {
        self.hits = hits
        self.nearMisses = nearMisses
    }
}
