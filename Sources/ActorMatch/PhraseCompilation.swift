import FeedwatchConfig

/// The watchlist's phrases tokenised ahead of the index build, in pieces on several cores for a
/// large watchlist: tokenising and folding is half of a build. Each piece of the actor list gets
/// its own vocabulary; the pieces' vocabularies are then merged in order, which gives every word
/// the id a single piece would have given it (first use in watchlist order), so the index is the
/// same however many pieces there are.
struct PhraseCompilation {
    /// Every phrase's token ids, concatenated; phrase `n` is `tokens[ends[n - 1] ..< ends[n]]`.
    private(set) var tokens: [Int32] = []
    private(set) var ends: [Int32] = []
    /// One per token.
    private(set) var requirements: [CaseRequirement] = []
    /// One per token of `case: exact` phrases only.
    private(set) var exactForms: [[UInt8]] = []
    private(set) var vocabulary = TokenTableBuilder()

    /// The phrases of `actors` in the order the build takes them: per alias its `requires`
    /// phrases then the alias, then the actor's exclude phrases.
    static func forEachPhrase(of actors: ArraySlice<WatchedActor>, _ body: (String, CaseMode) -> Void) {
        for actor in actors {
            for alias in actor.aliases {
                for phrase in alias.requires { body(phrase, alias.caseMode) }
                body(alias.text, alias.caseMode)
            }
            for phrase in actor.exclude { body(phrase.text, phrase.caseMode) }
        }
    }

    /// Phrase `n`'s token ids and their case requirements.
    func phrase(_ n: Int) -> (ids: ArraySlice<Int32>, requirements: ArraySlice<CaseRequirement>) {
        let range = (n == 0 ? 0 : Int(ends[n - 1]))..<Int(ends[n])
        return (tokens[range], requirements[range])
    }

    /// Compiles `actors` in `pieces` parts at once.
    init(actors: [WatchedActor], pieces: Int) {
        let count = max(1, min(pieces, actors.count))
        let parts = InPieces.map(count) { part in
            PhraseCompilation(piece: actors[InPieces.range(part, of: count, total: actors.count)])
        }
        for part in parts { append(part) }
    }

    private init(piece: ArraySlice<WatchedActor>) {
        var cache = FoldCache()
        Self.forEachPhrase(of: piece) { text, mode in
            let phrase = CompiledPhrase(text, exact: mode == .exact, vocabulary: &vocabulary, cache: &cache)
            tokens.append(contentsOf: phrase.ids)
            ends.append(Int32(tokens.count))
            requirements.append(contentsOf: phrase.requirements)
            exactForms.append(contentsOf: phrase.exactForms)
        }
    }

    /// Adds a later piece: its words join this vocabulary in their own order of first use, and
    /// its token ids are renumbered accordingly.
    private mutating func append(_ piece: PhraseCompilation) {
        guard vocabulary.count > 0 || !tokens.isEmpty else {
            self = piece  // the first piece's ids are already the final ones
            return
        }
        var renumbered = [Int32](repeating: 0, count: piece.vocabulary.count)
        // `resolve` may read eight bytes past a word's start, as it does in the scanner's buffer.
        var word = [UInt8](repeating: 0, count: 8)
        for id in 0..<piece.vocabulary.count {
            word.removeAll(keepingCapacity: true)
            word.append(contentsOf: piece.vocabulary.word(id))
            let length = word.count
            word.append(contentsOf: repeatElement(0, count: 8))
            renumbered[id] = word.withUnsafeBufferPointer { vocabulary.resolve(UnsafeBufferPointer(rebasing: $0[..<length])) }
        }
        let offset = Int32(tokens.count)
        tokens.append(contentsOf: piece.tokens.map { $0 >= 0 ? renumbered[Int($0)] : $0 })
        ends.append(contentsOf: piece.ends.map { $0 + offset })
        requirements.append(contentsOf: piece.requirements)
        exactForms.append(contentsOf: piece.exactForms)
    }
}
