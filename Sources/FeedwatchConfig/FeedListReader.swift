import FeedParse

/// Reads the `feeds:` list: `url:` entries, `path:` entries (local files) and `opml:` entries
/// (every feed outline of a subscription file), rejecting duplicates.
struct FeedListReader {
    let folder: String
    let home: String?

    static let opmlKeys = ["opml", "interval", "tags", "language"]

    func read(_ node: YAMLNode, reader: inout NodeReader) -> [FeedSource] {
        guard let items = reader.list(node, "feeds") else { return [] }
        // Sized up front: a list of 50,000 feeds otherwise spends a third of its reading regrowing these.
        var feeds: [FeedSource] = []
        feeds.reserveCapacity(items.count)
        var seen: [String: SourceLocation] = [:]
        seen.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let context = FeedContext(number: index + 1)
            for feed in entry(item, context: context, reader: &reader) {
                let key = FeedURL.identity(feed.url)
                if let first = seen[key] {
                    if case .opml = feed.origin {
                        reader.append([Diagnostic(.warning, feed.location,
                                                  "\(feed.url) is already listed at \(first); this copy is skipped")])
                    } else {
                        reader.append([Diagnostic(.error, feed.location,
                                                  "duplicate feed URL \(feed.url) (first listed at \(first))")])
                    }
                    continue
                }
                seen[key] = feed.location
                feeds.append(feed)
            }
        }
        return feeds
    }

    private func entry(_ node: YAMLNode, context: FeedContext, reader: inout NodeReader) -> [FeedSource] {
        if case .scalar = node.content, !node.isNull, let text = reader.string(node, "\(context)") {
            // A bare string is shorthand for `url:`.
            return single(url: text, node: node, context: context, reader: &reader).map { [$0] } ?? []
        }
        guard case .mapping(let pairs) = node.content else {
            reader.error(node, "\(context): expected a mapping with url:, path: or opml:, found \(node.kindDescription)")
            return []
        }
        let sources = pairs.map(\.keyText).filter { ["url", "path", "opml"].contains($0) }
        guard sources.count == 1, let source = sources.first else {
            let found = sources.isEmpty ? "none" : sources.joined(separator: " and ")
            reader.error(node, "\(context): needs exactly one of url:, path: or opml: (found \(found))")
            return []
        }
        if source == "opml" { return opml(node, context: context, reader: &reader) }
        guard let fields = reader.fields(node, allowed: [source, "name", "interval", "tags", "language"], context: "\(context)"),
              let sourceNode = fields[source]?.value,
              let text = reader.string(sourceNode, "\(context): \(source)") else { return [] }
        let url: String
        if source == "path" {
            let path = Paths.resolve(text, against: folder, home: home)
            if !POSIXFile.exists(path) {
                reader.warning(sourceNode, "\(context): \(path) does not exist (yet)")
            }
            url = FeedURL.fileURL(path: Paths.absolute(path))
        } else {
            url = text
        }
        guard var feed = single(url: url, node: sourceNode, context: context, reader: &reader) else { return [] }
        if source == "path" { feed.origin = .path }
        if let pair = fields["name"] { feed.name = reader.string(pair.value, "\(context): name") }
        if let pair = fields["interval"] { feed.interval = reader.duration(pair.value, "\(context): interval") }
        if let pair = fields["tags"] { feed.tags = reader.stringList(pair.value, "\(context): tags") }
        if let pair = fields["language"] { feed.language = Self.language(pair.value, context: context, reader: &reader) }
        return [feed]
    }

    private func single(url: String, node: YAMLNode, context: FeedContext, reader: inout NodeReader) -> FeedSource? {
        switch FeedURL.check(url) {
        case .valid:
            break
        case .unusualScheme(let scheme):
            reader.warning(node, "\(context): URL scheme '\(scheme)' is not http, https or file; fetching it will fail")
        case .invalid(let why):
            reader.error(node, "\(context): '\(url)' \(why)")
            return nil
        }
        return FeedSource(url: url, origin: .url, location: reader.location(node))
    }

    /// A BCP 47 language tag as feeds write them: a primary subtag of 2–3 letters, then
    /// letter-or-digit subtags (`de`, `pt-BR`, `zh-Hant-TW`; `_` is accepted for `-`).
    private static func language(_ node: YAMLNode, context: FeedContext, reader: inout NodeReader) -> String? {
        guard let text = reader.string(node, "\(context): language") else { return nil }
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
        let letters = { (tag: Substring) in tag.utf8.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A } }
        guard let primary = subtags.first, (2...3).contains(primary.count), letters(primary),
              subtags.dropFirst().allSatisfy({ (1...8).contains($0.count)
                  && $0.utf8.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 >= 0x30 && $0 <= 0x39 } })
        else {
            reader.error(node, "\(context): language '\(text)' is not a language tag (expected a code such as de, ru or pt-BR)")
            return nil
        }
        return text
    }

    private func opml(_ node: YAMLNode, context: FeedContext, reader: inout NodeReader) -> [FeedSource] {
        guard let fields = reader.fields(node, allowed: Self.opmlKeys, context: "\(context)"),
              let sourceNode = fields["opml"]?.value,
              let text = reader.string(sourceNode, "\(context): opml") else { return [] }
        let path = Paths.resolve(text, against: folder, home: home)
        let interval = fields["interval"].flatMap { reader.duration($0.value, "\(context): interval") }
        let tags = fields["tags"].map { reader.stringList($0.value, "\(context): tags") } ?? []
        let language = fields["language"].flatMap { Self.language($0.value, context: context, reader: &reader) }
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path, what: "OPML file", at: reader.location(sourceNode))
        } catch {
            reader.append(error.diagnostics)
            return []
        }
        let outlines: [OPMLOutline]
        do {
            outlines = try OPMLReader.parse(bytes)
        } catch {
            reader.append([Diagnostic(.error, SourceLocation(file: path, line: error.line, column: error.column),
                                      error.message)])
            return []
        }
        if outlines.isEmpty {
            reader.warning(sourceNode, "\(context): \(path) lists no feeds (no outline has an xmlUrl)")
        }
        var opmlReader = NodeReader(file: path)
        var feeds: [FeedSource] = []
        for outline in outlines {
            let here = YAMLNode(content: .scalar(outline.url, plain: false), line: outline.line, column: 1)
            guard var feed = single(url: outline.url, node: here, context: FeedContext(number: nil), reader: &opmlReader) else { continue }
            feed.name = outline.title
            feed.interval = interval
            feed.tags = tags
            feed.language = language
            feed.origin = .opml(file: path)
            feeds.append(feed)
        }
        reader.append(opmlReader.diagnostics)
        return feeds
    }
}

/// How messages name a feed entry: `feed #3`, or `outline` for one from an OPML file. Formatted
/// only when a message is written, not for each of 50,000 feeds.
private struct FeedContext: CustomStringConvertible {
    var number: Int?

    var description: String { number.map { "feed #\($0)" } ?? "outline" }
}
