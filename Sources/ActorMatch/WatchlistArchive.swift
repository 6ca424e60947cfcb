import FeedwatchConfig

extension ArchiveWriter {
    /// The validated watchlist's file name and default case mode; its actors are archived in
    /// parts (`actors(_:file:)`) so that several threads can read them back.
    public mutating func watchlistHead(_ watchlist: Watchlist) {
        string(watchlist.file)
        choice(watchlist.defaultCase)
    }

    /// Actors of a watchlist from `file`, with every source location (alerts and warnings cite them).
    public mutating func actors(_ actors: ArraySlice<WatchedActor>, file: String) {
        int(actors.count)
        for actor in actors {
            string(actor.id)
            string(actor.name)
            choice(actor.kind)
            strings(actor.tags)
            location(actor.location, in: file)
            int(actor.aliases.count)
            for alias in actor.aliases {
                // Most actors' first alias is their name: stored once, shared again when read. Bytes
                // are compared: a name in another Unicode form is `==` but must keep its own bytes.
                if alias.text.utf8.elementsEqual(actor.name.utf8) { byte(1) } else {
                    byte(0)
                    string(alias.text)
                }
                choice(alias.caseMode)
                strings(alias.requires)
                byte(alias.inflect ? 1 : 0)
                location(alias.location, in: file)
            }
            int(actor.exclude.count)
            for phrase in actor.exclude {
                string(phrase.text)
                choice(phrase.caseMode)
                byte(phrase.inflect ? 1 : 0)
                location(phrase.location, in: file)
            }
        }
    }

    private mutating func location(_ location: SourceLocation, in file: String) {
        if location.file == file { byte(0) } else {
            byte(1)
            string(location.file)
        }
        int(location.line)
        int(location.column)
    }
}

extension ArchiveReader {
    /// What `ArchiveWriter.watchlistHead` wrote: a watchlist without actors yet.
    public mutating func watchlistHead() throws(ArchiveError) -> Watchlist {
        Watchlist(file: try string(), defaultCase: try choice(CaseMode.self), actors: [])
    }

    /// How many actors follow (`ArchiveWriter.actors` writes it first), so that a caller reading
    /// several parts at once can place each part's actors in one array.
    public mutating func actorCount() throws(ArchiveError) -> Int {
        try count(unit: 8)
    }

    /// Reads `target.count` actors, as `ArchiveWriter.actors` wrote them, into `target`, which
    /// starts uninitialized; `initialized` counts the ones in place, also when reading fails part
    /// way.
    public mutating func actors(file: String, into target: UnsafeMutableBufferPointer<WatchedActor>,
                                initialized: inout Int) throws(ArchiveError) {
        guard let base = target.baseAddress else { return }
        while initialized < target.count {
            let id = try string()
            let name = try string()
            let kind = try choice(ActorKind.self)
            let tags = try strings()
            let actorLocation = try location(in: file)
            let aliasCount = try count(unit: 4)
            guard aliasCount > 0 else { throw ArchiveError("actor '\(id)' has no aliases") }
            var aliases: [Alias] = []
            aliases.reserveCapacity(aliasCount)
            for _ in 0..<aliasCount {
                let text = try byte() == 1 ? name : try string()
                aliases.append(Alias(text: text, caseMode: try choice(CaseMode.self), requires: try strings(),
                                     inflect: try byte() == 1, location: try location(in: file)))
            }
            let excludeCount = try count(unit: 4)
            var exclude: [ExcludePhrase] = []
            if excludeCount > 0 {
                exclude.reserveCapacity(excludeCount)
                for _ in 0..<excludeCount {
                    exclude.append(ExcludePhrase(text: try string(), caseMode: try choice(CaseMode.self),
                                                 inflect: try byte() == 1, location: try location(in: file)))
                }
            }
            (base + initialized).initialize(to: WatchedActor(id: id, name: name, kind: kind, tags: tags, aliases: aliases,
                                                             exclude: exclude, location: actorLocation))
            initialized += 1
        }
    }

    private mutating func location(in file: String) throws(ArchiveError) -> SourceLocation {
        let path = try byte() == 0 ? file : try string()
        return SourceLocation(file: path, line: try int(), column: try int())
    }
}
