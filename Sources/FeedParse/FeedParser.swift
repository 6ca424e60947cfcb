import FoundationEssentials

/// Parses one fetched feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1) into
/// plain-text items. The format comes from the document itself, never from a URL or a
/// Content-Type. Malformed documents yield what can be recovered plus warnings; only a document
/// with no feed in it at all is an error.
public enum FeedParser {
    /// Initialises libxml2. Call once at start-up from the main thread, before parsing on other
    /// threads; `parse` also does it on first use.
    public static func prepare() {
        LibXML2Setup.ensureInitialized()
    }

    /// - Parameters:
    ///   - document: the response body as received.
    ///   - documentURL: where it came from; relative links resolve against it.
    ///   - httpCharset: the `charset` of the HTTP Content-Type, which outranks the XML
    ///     declaration (a byte-order mark outranks both).
    ///   - maxBytes: the fetcher's size cap; bigger documents are refused unread.
    public static func parse(_ document: some ContiguousBytes, documentURL: String? = nil,
                             httpCharset: String? = nil, maxBytes: Int? = nil) throws(FeedParseError) -> ParsedFeed {
        let result = document.withUnsafeBytes { raw in
            parse(raw: raw, documentURL: documentURL, httpCharset: httpCharset, maxBytes: maxBytes, readers: .fastFirst)
        }
        return try result.get()
    }

    /// For the fuzz target: parses `document` with the fast reader (falling back to libxml2) and
    /// with libxml2 alone, and returns both results; they must always be equal.
    @_spi(Fuzzing)
    public static func parseWithBothReaders(_ document: [UInt8], documentURL: String?, httpCharset: String?)
        -> (fast: Result<ParsedFeed, FeedParseError>, libxml2: Result<ParsedFeed, FeedParseError>) {
        document.withUnsafeBytes { raw in
            (parse(raw: raw, documentURL: documentURL, httpCharset: httpCharset, maxBytes: nil, readers: .fastFirst),
             parse(raw: raw, documentURL: documentURL, httpCharset: httpCharset, maxBytes: nil, readers: .libxml2))
        }
    }

    /// Which XML readers to use; tests compare the two.
    enum XMLReaders {
        /// `FastXMLReader`, falling back to libxml2 for anything it does not accept.
        case fastFirst
        /// libxml2 only.
        case libxml2
    }

    static func parse(raw: UnsafeRawBufferPointer, documentURL: String?, httpCharset: String?,
                      maxBytes: Int?, readers: XMLReaders) -> Result<ParsedFeed, FeedParseError> {
        let limit = min(maxBytes ?? Int(Int32.max), Int(Int32.max))
        guard raw.count <= limit else { return .failure(.tooLarge(bytes: raw.count, limit: limit)) }
        if let binary = DocumentSniffer.binaryKind(raw.bindMemory(to: UInt8.self)) {
            return .failure(.notAFeed(found: binary))
        }
        var warnings: [String] = []
        let decoded = CharsetDecoder.decode(raw, httpCharset: httpCharset, warnings: &warnings)
        return decoded.withBytes { bytes in
            switch DocumentSniffer.classify(bytes) {
            case let .notAFeed(found):
                return .failure(.notAFeed(found: found))
            case .json:
                return JSONFeedReader.read(bytes, documentURL: documentURL, warnings: warnings)
            case let .xml(start):
                if start > 0, bytes[..<start].contains(where: { $0 > 0x20 }) {
                    warnings.append("skipped \(start) bytes of text before the XML")
                }
                return readXML(UnsafeBufferPointer(rebasing: bytes[start...]), documentURL: documentURL,
                               warnings: warnings, readers: readers)
            }
        }
    }

    private static func readXML(_ bytes: UnsafeBufferPointer<UInt8>, documentURL: String?,
                                warnings: [String], readers: XMLReaders) -> Result<ParsedFeed, FeedParseError> {
        if let bomb = AttributeBombScan.check(bytes) { return .failure(.hostile(reason: bomb)) }
        if readers == .fastFirst, let builder = FastXMLReader.read(bytes, documentURL: documentURL),
           let format = builder.format {
            return .success(FeedAssembler.assemble(format: format, feed: builder.feed, items: builder.items,
                                                   documentURL: documentURL, warnings: warnings + builder.warnings))
        }
        // The fast reader gives up on `&#X` outside CDATA and comments, so only this path
        // needs (and pays for) the repair, and both readers still see the same text.
        if let repaired = HexReferenceRepair.repair(bytes) {
            return repaired.withUnsafeBufferPointer {
                readWithLibxml2($0, documentURL: documentURL,
                                warnings: warnings + ["read \"&#X\" character references as hexadecimal"])
            }
        }
        return readWithLibxml2(bytes, documentURL: documentURL, warnings: warnings)
    }

    private static func readWithLibxml2(_ bytes: UnsafeBufferPointer<UInt8>, documentURL: String?,
                                        warnings: [String]) -> Result<ParsedFeed, FeedParseError> {
        // libxml2 either lost text after a stray `&` or stopped at its depth limit: parse a
        // repaired copy again (each repair at most once; the second parse can reveal the other).
        var output = XMLFeedReader.read(bytes, documentURL: documentURL)
        var document: [UInt8]?
        var notes: [String] = []
        while true {
            if output.sawStrayAmpersand, document == nil || !notes.contains(StrayAmpersandRepair.note) {
                document = document.map { $0.withUnsafeBufferPointer(StrayAmpersandRepair.repair) }
                    ?? StrayAmpersandRepair.repair(bytes)
                notes.append(StrayAmpersandRepair.note)
            } else if output.sawExcessiveDepth, !notes.contains(where: { $0.hasPrefix(DepthRepair.notePrefix) }) {
                let (flattened, dropped) = document.map { $0.withUnsafeBufferPointer(DepthRepair.repair) }
                    ?? DepthRepair.repair(bytes)
                document = flattened
                notes.append(DepthRepair.notePrefix + "\(dropped) tags nested deeper than \(DepthRepair.maxDepth) elements")
            } else {
                break
            }
            output = document.map { $0.withUnsafeBufferPointer { XMLFeedReader.read($0, documentURL: documentURL) } } ?? output
        }
        output.warnings.insert(contentsOf: notes, at: 0)
        let builder = output.builder
        if let found = builder.notAFeed { return .failure(.notAFeed(found: found)) }
        guard let format = builder.format else {
            return .failure(.notAFeed(found: "malformed XML without a root element"))
        }
        return .success(FeedAssembler.assemble(format: format, feed: builder.feed, items: builder.items,
                                               documentURL: documentURL,
                                               warnings: warnings + output.warnings + builder.warnings))
    }
}
