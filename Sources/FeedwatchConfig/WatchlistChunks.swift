import Dispatch

/// Reads the `actors:` list of a large watchlist on several threads at once.
///
/// libyaml is single-threaded and reads about 30 MB/s, so a machine-generated 100,000-actor
/// watchlist would spend most of its load time in one core. The file is cut at list items
/// (`ListSplitter`); every piece after the first is parsed as `actors:` followed by its own text,
/// with line numbers shifted to the whole file's. The result is used only when every piece confirms
/// the cut and nothing is wrong; otherwise the caller reads the file in one pass, which also gives
/// the exact diagnostics, so splitting never changes what a user sees.
enum WatchlistChunks {
    /// Files smaller than this are read in one pass: threads would cost more than they save.
    static let minimumBytes = 1 << 20

    /// What the pieces together read, as the one-pass reader would have.
    struct Reading {
        var root: YAMLNode?
        var actors: [WatchedActor]
        var reader: NodeReader
        var actorDefault: CaseMode?
    }

    /// The combined reading, or nil when the file cannot be cut or a piece disagrees or finds a
    /// problem (the one-pass reader then reports it).
    static func read(_ bytes: [UInt8], file: String, presetDefault: CaseMode?, pieces: Int,
                     minimumBytes: Int = minimumBytes) -> Reading? {
        guard bytes.count >= minimumBytes,
              let splitter = ListSplitter(bytes, key: "actors", pieces: pieces) else { return nil }
        // Pieces after the first need the default case mode before the first piece has read the
        // root entries, so read those entries (everything above `actors:`) first.
        var prologueReader = NodeReader(file: file)
        let actorDefault: CaseMode
        if let presetDefault {
            actorDefault = presetDefault
        } else {
            let prologue: YAMLNode?
            do {
                prologue = try YAMLReader.parse(Array(bytes[..<splitter.prologueEnd]), file: file)
            } catch {
                return nil
            }
            var pairs: [YAMLPair] = []
            if let prologue, case .mapping(let entries) = prologue.content { pairs = entries }
            actorDefault = WatchlistLoader.defaultCase(in: pairs, reader: &prologueReader) ?? .smart
        }
        let starts = [0] + splitter.cuts.map(\.offset)
        let ends = splitter.cuts.map(\.offset) + [bytes.count]
        let pieces = InPieces.map(starts.count) { index in
            readPiece(bytes, index: index, range: starts[index]..<ends[index],
                      cut: index == 0 ? nil : splitter.cuts[index - 1], isLast: index == starts.count - 1,
                      file: file, actorDefault: actorDefault)
        }
        let reading = combine(pieces.compactMap { $0 }, expected: starts.count, actorDefault: actorDefault)
        // The pieces' own copies of the actors are released on another thread, meanwhile: on this
        // one, releasing 100,000 of them held up everything that follows.
        DispatchQueue.global().async { withExtendedLifetime(pieces) {} }
        return reading
    }

    /// One piece's actors, diagnostics and root entries.
    private struct Piece: Sendable {
        var root: YAMLNode?
        var actors: [WatchedActor]
        var reader: NodeReader
    }

    /// Reads one piece; nil when it does not confirm its cuts or has any error.
    private static func readPiece(_ bytes: [UInt8], index: Int, range: Range<Int>, cut: ListSplitter.Cut?,
                                  isLast: Bool, file: String, actorDefault: CaseMode) -> Piece? {
        // Every alias's location holds the file name: a piece's own copy of it keeps the threads
        // from retaining and releasing one shared string all at once (a name of more than 15
        // bytes is a reference-counted object).
        let file = String(decoding: Array(file.utf8), as: UTF8.self)
        // Every piece is read in place; those after the first as if `actors:` came on a line of
        // its own before them, so a piece's first line is the file's line `cut.line`.
        let text = bytes[range]
        var prefix: [UInt8] = []
        var lineOffset = 0
        if let cut {
            prefix = Array("actors:\n".utf8)
            lineOffset = cut.line - 2
        }
        var reader = NodeReader(file: file)
        var actors: [WatchedActor] = []
        var number = 0
        guard let outcome = try? YAMLReader.read(text, prefix: prefix, file: file, streaming: "actors",
                                                 lineOffset: lineOffset, onItem: { item, _ in
            number += 1
            if let actor = ActorReader.read(item, number: number, defaultCase: actorDefault, reader: &reader) {
                actors.append(actor)
            }
        }, onRestart: {
            (reader, actors, number) = (NodeReader(file: file), [], 0)
        }) else { return nil }
        // Every piece but the last must end inside the list, or the cut was not a list item.
        guard outcome.streamedItems > 0, isLast || !outcome.contentAfterList, !reader.hasErrors else { return nil }
        return Piece(root: outcome.root, actors: actors, reader: reader)
    }

    /// Joins the pieces in file order: the root is the first piece's, plus any root entries that
    /// follow the list in the last piece.
    private static func combine(_ pieces: [Piece], expected: Int, actorDefault: CaseMode) -> Reading? {
        guard pieces.count == expected, let first = pieces.first, let last = pieces.last,
              var root = first.root, case .mapping(var pairs) = root.content else { return nil }
        if pieces.count > 1 {
            // The last piece's root starts with the `actors:` this reader wrote itself.
            guard let lastRoot = last.root, case .mapping(let lastPairs) = lastRoot.content,
                  lastPairs.first?.keyText == "actors" else { return nil }
            pairs.append(contentsOf: lastPairs.dropFirst())
            root.content = .mapping(pairs)
        }
        var reader = NodeReader(file: first.reader.file)
        var actors: [WatchedActor] = []
        actors.reserveCapacity(pieces.reduce(0) { $0 + $1.actors.count })
        for piece in pieces {
            reader.append(piece.reader.diagnostics)
            actors.append(contentsOf: piece.actors)
        }
        return Reading(root: root, actors: actors, reader: reader, actorDefault: actorDefault)
    }
}
