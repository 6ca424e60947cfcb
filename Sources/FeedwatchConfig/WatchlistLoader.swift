import FeedParse

/// Loads and validates a watchlist file (format: README.md, "Watchlist file").
///
/// Everything that can be checked without the matcher is checked here, and every problem is
/// reported at once with its file, line and column. Matching-related warnings (aliases that fold
/// to the same words, very short aliases) come from `ActorMatch.WatchlistLint`.
public enum WatchlistLoader {
    public static func load(file: String) throws(ConfigError) -> Loaded<Watchlist> {
        let bytes = try FileBytes.read(file, what: "watchlist")
        return try parse(bytes, file: file)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(ConfigError) -> Loaded<Watchlist> {
        try parse(bytes, file: file, pieces: defaultPieces)
    }

    /// How many pieces a large watchlist is read in (`WatchlistChunks`): a few per core, so a core
    /// that is busy elsewhere for a while (with a config's feed list, say) leaves its share of
    /// pieces to the others instead of holding up the end.
    static var defaultPieces: Int { min(8 * UsableCores.count, 32) }

    /// `parse` with the number of pieces and the size threshold for splitting chosen by the caller,
    /// so tests can split small files and compare with the one-pass reading.
    static func parse(_ bytes: [UInt8], file: String, pieces: Int,
                      minimumSplitBytes: Int = WatchlistChunks.minimumBytes) throws(ConfigError) -> Loaded<Watchlist> {
        func pass(_ preset: CaseMode?) throws(ConfigError) -> Pass {
            if pieces > 1, let reading = WatchlistChunks.read(bytes, file: file, presetDefault: preset,
                                                              pieces: pieces, minimumBytes: minimumSplitBytes) {
                let split = validate(reading, file: file, presetDefault: preset)
                // Any error is reported by the one-pass reading, whose messages and order are canonical.
                if !split.reader.hasErrors { return split }
            }
            return try validate(readInOnePass(bytes, file: file, presetDefault: preset), file: file,
                                presetDefault: preset)
        }
        let first = try pass(nil)
        // `defaults:` written after `actors:` was not known while the actors were read: read again.
        if let late = first.lateDefault { return try pass(late).result() }
        return try first.result()
    }

    /// One pass over the file. Actors are converted one by one as the YAML reader finishes them
    /// (see `YAMLReader.parse(streaming:)`), with the default case mode known at that point.
    private static func readInOnePass(_ bytes: [UInt8], file: String,
                                      presetDefault: CaseMode?) throws(ConfigError) -> WatchlistChunks.Reading {
        var reader = NodeReader(file: file)
        var actors: [WatchedActor] = []
        var actorDefault: CaseMode?
        var number = 0
        let root = try YAMLReader.parse(bytes, file: file, streaming: "actors", onItem: { item, rootSoFar in
            if actorDefault == nil {
                var quiet = NodeReader(file: file)  // `defaults` errors are reported once, below
                actorDefault = presetDefault ?? defaultCase(in: rootSoFar, reader: &quiet) ?? .smart
            }
            number += 1
            if let actor = ActorReader.read(item, number: number, defaultCase: actorDefault ?? .smart,
                                            reader: &reader) {
                actors.append(actor)
            }
        }, onRestart: {
            (reader, actors, actorDefault, number) = (NodeReader(file: file), [], nil, 0)
        })
        return WatchlistChunks.Reading(root: root, actors: actors, reader: reader, actorDefault: actorDefault)
    }

    /// The checks that need the whole file: the root's keys, the default case mode, unique ids.
    private static func validate(_ reading: WatchlistChunks.Reading, file: String, presetDefault: CaseMode?) -> Pass {
        var reader = reading.reader
        var watchlist = Watchlist(file: file, actors: reading.actors)
        guard let root = reading.root, !root.isNull else {
            reader.error(YAMLNode(content: .scalar("", plain: true), line: 1, column: 1),
                         "watchlist is empty (expected 'actors:' with a list of actors)")
            return Pass(watchlist: watchlist, reader: reader)
        }
        if case .mapping(let pairs) = root.content {
            watchlist.defaultCase = defaultCase(in: pairs, reader: &reader) ?? .smart
        }
        if let fields = reader.fields(root, allowed: ["defaults", "actors"], context: "watchlist") {
            if let list = fields["actors"]?.value {
                // Streamed lists arrive empty here; anything else is the wrong type.
                if !list.isEmptyList, !list.isNull {
                    reader.error(list, "actors: expected a list of actors, found \(list.kindDescription)")
                }
            } else {
                reader.error(root, "watchlist: missing required key 'actors'")
            }
        }
        if watchlist.actors.isEmpty, !reader.hasErrors {
            reader.warning(root, "watchlist has no actors: nothing will ever alert")
        }
        checkUniqueIDs(watchlist.actors, reader: &reader)
        var pass = Pass(watchlist: watchlist, reader: reader)
        if let actorDefault = reading.actorDefault, actorDefault != watchlist.defaultCase, presetDefault == nil {
            pass.lateDefault = watchlist.defaultCase
        }
        return pass
    }

    /// The result of one pass, and whether a second one is needed.
    private struct Pass {
        var watchlist: Watchlist
        var reader: NodeReader
        var lateDefault: CaseMode?

        func result() throws(ConfigError) -> Loaded<Watchlist> {
            if reader.hasErrors { throw ConfigError(diagnostics: reader.diagnostics) }
            return Loaded(value: watchlist, warnings: reader.diagnostics)
        }
    }

    /// `defaults: {case: ...}` among the root entries, if present and valid.
    static func defaultCase(in rootPairs: [YAMLPair], reader: inout NodeReader) -> CaseMode? {
        guard let defaults = rootPairs.first(where: { $0.keyText == "defaults" })?.value, !defaults.isNull,
              let options = reader.fields(defaults, allowed: ["case"], context: "defaults"),
              let node = options["case"]?.value else { return nil }
        return reader.choice(node, "defaults: case", as: CaseMode.self)
    }

    /// Ids are valid here (`[a-z0-9._-]`, so equal strings are equal bytes): they go into an
    /// open-addressing table hashed with FNV-1a, several times cheaper than a `[String: Int]` for
    /// the 100,000 ids of a large watchlist. A slot holds the hash's high half and the index of
    /// the first actor with the id plus one, so most probes never touch the actors.
    private static func checkUniqueIDs(_ actors: [WatchedActor], reader: inout NodeReader) {
        var capacity = 16
        while capacity < 2 * actors.count { capacity *= 2 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        for index in actors.indices {
            let id = actors[index].id
            let hash = FNV1a.hash(id.utf8)
            let tag = hash & 0xFFFF_FFFF_0000_0000
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & mask
            while slots[slot] != 0 {
                let first = Int(slots[slot] & 0xFFFF_FFFF) - 1
                if slots[slot] & 0xFFFF_FFFF_0000_0000 == tag, actors[first].id == id {
                    reader.append([Diagnostic(.error, actors[index].location,
                                              "duplicate actor id '\(id)' (first defined at \(actors[first].location))")])
                    break
                }
                slot = (slot + 1) & mask
            }
            if slots[slot] == 0 { slots[slot] = tag | UInt64(index + 1) }
        }
    }
}

/// How messages name an actor: by its id when it has a usable one, else by its position. Only
/// formatted when a message is written, not once per actor of a 100,000-actor list.
struct ActorContext: CustomStringConvertible {
    var number: Int
    var id: String?

    var description: String { id.map { "actor '\($0)'" } ?? "actor #\(number)" }
}

/// Reads one actor entry; nil when it is too broken to use (the errors are in `reader`).
enum ActorReader {
    static let keys = ["id", "name", "kind", "tags", "aliases", "exclude", "case", "inflect"]

    static func read(_ node: YAMLNode, number: Int, defaultCase: CaseMode, reader: inout NodeReader) -> WatchedActor? {
        // Name the actor by its id in every message when it has a usable one.
        var context = ActorContext(number: number)
        if case .mapping(let pairs) = node.content, let idPair = pairs.first(where: { $0.keyText == "id" }),
           case .scalar(let text, _) = idPair.value.content, ActorID.problem(text) == nil {
            context.id = text
        }
        guard let fields = reader.fields(node, allowed: keys, context: "\(context)") else { return nil }
        var id: String?
        if let pair = fields["id"] {
            if let text = reader.string(pair.value, "\(context): id") {
                // The usual id was already found valid for the context above.
                if text != context.id, let problem = ActorID.problem(text) {
                    reader.error(pair.value, "\(context): id '\(text)' \(problem)")
                } else {
                    id = text
                }
            }
        } else {
            reader.error(node, "\(context): missing required key 'id'")
        }
        var name: String?
        if let pair = fields["name"] {
            name = reader.string(pair.value, "\(context): name")
        } else {
            reader.error(node, "\(context): missing required key 'name'")
        }
        var kind = ActorKind.other
        if let pair = fields["kind"], let value = reader.choice(pair.value, "\(context): kind", as: ActorKind.self) {
            kind = value
        }
        var caseMode = defaultCase
        if let pair = fields["case"], let value = reader.choice(pair.value, "\(context): case", as: CaseMode.self) {
            caseMode = value
        }
        var inflect = true
        if let pair = fields["inflect"], let value = reader.boolean(pair.value, "\(context): inflect") {
            inflect = value
        }
        let tags = fields["tags"].map { reader.stringList($0.value, "\(context): tags") } ?? []
        var aliases: [Alias] = []
        let defaults = PhraseReader.Defaults(caseMode: caseMode, inflect: inflect)
        if let pair = fields["aliases"] {
            aliases = readAliases(pair.value, context: context, defaults: defaults, name: name, reader: &reader)
        } else if let name, let namePair = fields["name"] {
            aliases = [Alias(text: name, caseMode: caseMode, inflect: inflect, location: reader.location(namePair.value))]
        }
        let exclude = fields["exclude"].map { readExcludes($0.value, context: context, defaults: defaults, reader: &reader) } ?? []
        guard let id, let name else { return nil }
        return WatchedActor(id: id, name: name, kind: kind, tags: tags, aliases: aliases, exclude: exclude,
                            location: reader.location(node))
    }

    private static func readAliases(_ node: YAMLNode, context: ActorContext, defaults: PhraseReader.Defaults, name: String?,
                                    reader: inout NodeReader) -> [Alias] {
        guard let items = reader.list(node, "\(context): aliases") else { return [] }
        if items.isEmpty {
            reader.error(node, "\(context): alias list is empty (remove 'aliases:' to use the name as the only alias)")
            return []
        }
        var aliases: [Alias] = []
        aliases.reserveCapacity(items.count)
        for item in items {
            guard let phrase = PhraseReader.read(item, context: context, what: "alias", defaults: defaults,
                                                 allowsRequires: true, reader: &reader) else { continue }
            if aliases.contains(where: { $0.text == phrase.text }) {
                reader.warning(item, "\(context): alias '\(phrase.text)' is listed twice")
                continue
            }
            // Most lists repeat the name as an alias: share its storage (100k actors, megabytes).
            // Bytes are compared: `==` also matches the name written in another Unicode form.
            let text = name.map { Self.sameBytes(phrase.text, $0) } == true ? name ?? phrase.text : phrase.text
            aliases.append(Alias(text: text, caseMode: phrase.caseMode, requires: phrase.requires,
                                 inflect: phrase.inflect, location: reader.location(item)))
        }
        return aliases
    }

    /// Byte equality, lengths first (a length is stored; most aliases differ from the name in it).
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var (a, b) = (a, b)
        return a.withUTF8 { x in b.withUTF8 { y in x.elementsEqual(y) } }
    }

    private static func readExcludes(_ node: YAMLNode, context: ActorContext, defaults: PhraseReader.Defaults,
                                     reader: inout NodeReader) -> [ExcludePhrase] {
        guard let items = reader.list(node, "\(context): exclude") else { return [] }
        return items.compactMap { item in
            PhraseReader.read(item, context: context, what: "exclude phrase", defaults: defaults,
                              allowsRequires: false, reader: &reader)
                .map { ExcludePhrase(text: $0.text, caseMode: $0.caseMode, inflect: $0.inflect,
                                     location: reader.location(item)) }
        }
    }
}

/// An alias or exclude entry: a plain string, or the long form `{text, case, requires, inflect}`.
enum PhraseReader {
    struct Phrase {
        var text: String
        var caseMode: CaseMode
        var requires: [String]
        var inflect: Bool
    }

    /// What the actor sets for all its phrases.
    struct Defaults {
        var caseMode: CaseMode
        var inflect: Bool
    }

    static let aliasKeys = ["text", "case", "requires", "inflect"]
    static let excludeKeys = ["text", "case", "inflect"]

    static func read(_ node: YAMLNode, context: ActorContext, what: String, defaults: Defaults, allowsRequires: Bool,
                     reader: inout NodeReader) -> Phrase? {
        switch node.content {
        case .scalar:
            guard let text = reader.string(node, "\(context): \(what)") else { return nil }
            return Phrase(text: text, caseMode: defaults.caseMode, requires: [], inflect: defaults.inflect)
        case .mapping:
            let keys = allowsRequires ? aliasKeys : excludeKeys
            guard let fields = reader.fields(node, allowed: keys, context: "\(context): \(what)") else { return nil }
            guard let textPair = fields["text"] else {
                reader.error(node, "\(context): \(what) needs a 'text' key")
                return nil
            }
            guard let text = reader.string(textPair.value, "\(context): \(what)") else { return nil }
            var phrase = Phrase(text: text, caseMode: defaults.caseMode, requires: [], inflect: defaults.inflect)
            if let pair = fields["case"], let mode = reader.choice(pair.value, "\(context): \(what) '\(text)': case", as: CaseMode.self) {
                phrase.caseMode = mode
            }
            if let pair = fields["inflect"], let value = reader.boolean(pair.value, "\(context): \(what) '\(text)': inflect") {
                phrase.inflect = value
            }
            if let pair = fields["requires"] {
                phrase.requires = reader.stringList(pair.value, "\(context): alias '\(text)': requires")
                if pair.value.isNull || pair.value.isEmptyList {
                    reader.error(pair.value, "\(context): alias '\(text)': requires list is empty (remove it to match unconditionally)")
                }
            }
            return phrase
        case .sequence:
            reader.error(node, "\(context): \(what): expected text or a mapping with 'text', found a list")
            return nil
        }
    }
}

/// Actor ids appear in alert lines, state and `feedwatch tail --actor`: keep them shell- and URL-safe.
public enum ActorID {
    /// Why `id` is not a valid actor id, or nil if it is.
    public static func problem(_ id: String) -> String? {
        let bytes = id.utf8
        guard let first = bytes.first else { return "is empty" }
        func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        if bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) {
            return "has upper-case letters (ids are lower case: '\(id.lowercased())')"
        }
        guard isLowerAlnum(first) else { return "must start with a-z or 0-9" }
        guard bytes.allSatisfy({ isLowerAlnum($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }) else {
            return "may only contain a-z, 0-9, '.', '_' and '-'"
        }
        return nil
    }
}
