import FoundationEssentials

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Fields of the wrong type are
/// ignored rather than failing the whole feed.
enum JSONFeedReader {
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, documentURL: String?,
                     warnings: [String]) -> Result<ParsedFeed, FeedParseError> {
        let document: JSONFeedDocument
        do {
            document = try JSONDecoder().decode(JSONFeedDocument.self, from: Data(buffer: bytes))
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return .failure(.malformedJSON(context.debugDescription + underlying))
        } catch DecodingError.typeMismatch {
            return .failure(.notAFeed(found: "JSON document that is not a JSON Feed"))
        } catch {
            return .failure(.malformedJSON("\(error)"))
        }
        var warnings = warnings
        let format: FeedFormat
        if let version = document.version, version.hasPrefix("https://jsonfeed.org/version/")
            || version.hasPrefix("http://jsonfeed.org/version/") {
            format = version.hasSuffix("/1.1") ? .jsonFeed11 : .jsonFeed10
        } else if document.items != nil,
                  document.version.map({ ["1", "1.0", "1.1"].contains($0) })
                      ?? (document.title != nil || document.homePageURL != nil) {
            // Seen in the wild: the bare version number, or no version at all, on an object that
            // is a feed by every other sign (it has `items`, and without a version also the
            // feed's `title` or `home_page_url`, so `{"status": …, "items": …}` API answers stay
            // what they are).
            format = document.version == "1.1" ? .jsonFeed11 : .jsonFeed10
            warnings.append(document.version.map { "JSON Feed version \"\($0)\" is not a jsonfeed.org URL; read as \(format.rawValue)" }
                            ?? "JSON Feed without a version; read as \(format.rawValue)")
        } else {
            return .failure(.notAFeed(found: "JSON document that is not a JSON Feed (no jsonfeed.org version)"))
        }
        let drafts = (document.items ?? []).map { item in
            ItemDraft(
                guid: item.id, link: item.url ?? item.externalURL,
                title: item.title.map(HTMLText.plainText(fromText:)).nonEmpty,
                summary: item.summary.map(HTMLText.plainText(fromText:)).nonEmpty,
                content: (item.contentHTML.map(HTMLText.plainText(fromHTML:)) ?? item.contentText.map(HTMLText.plainText(fromText:))).nonEmpty,
                authors: (item.authors ?? item.author.map { [$0] } ?? []).compactMap(\.name),
                categories: item.tags ?? [],
                published: TextCopies(item.datePublished.map { [$0] } ?? []),
                updated: TextCopies(item.dateModified.map { [$0] } ?? []),
                language: LanguageTag.primary(item.language))
        }
        let feed = FeedDraft(title: document.title.map(HTMLText.plainText(fromText:)).nonEmpty,
                             link: document.homePageURL, language: document.language,
                             authors: (document.authors ?? document.author.map { [$0] } ?? []).compactMap(\.name))
        return .success(FeedAssembler.assemble(format: format, feed: feed, items: drafts, documentURL: documentURL,
                                               warnings: warnings))
    }
}

private extension Optional where Wrapped == String {
    var nonEmpty: String? { self?.isEmpty == false ? self : nil }
}

private struct JSONFeedDocument: Decodable {
    var version: String?
    var title: String?
    var homePageURL: String?
    var language: String?
    var items: [JSONFeedItem]?
    var author: JSONFeedAuthor?
    var authors: [JSONFeedAuthor]?

    enum CodingKeys: String, CodingKey {
        case version, title, language, items, author, authors
        case homePageURL = "home_page_url"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = container.lenient(String.self, .version)
        title = container.lenient(String.self, .title)
        homePageURL = container.lenient(String.self, .homePageURL)
        language = container.lenient(String.self, .language)
        items = container.lenient([Lenient<JSONFeedItem>].self, .items)?.compactMap(\.value)
        author = container.lenient(JSONFeedAuthor.self, .author)
        authors = container.lenient([Lenient<JSONFeedAuthor>].self, .authors)?.compactMap(\.value)
    }
}

private struct JSONFeedItem: Decodable {
    var id: String?
    var url: String?
    var externalURL: String?
    var title: String?
    var contentHTML: String?
    var contentText: String?
    var summary: String?
    var datePublished: String?
    var dateModified: String?
    var author: JSONFeedAuthor?
    var authors: [JSONFeedAuthor]?
    var tags: [String]?
    var language: String?

    enum CodingKeys: String, CodingKey {
        case id, url, title, summary, author, authors, tags, language
        case externalURL = "external_url", contentHTML = "content_html", contentText = "content_text"
        case datePublished = "date_published", dateModified = "date_modified"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // The spec says string, but numeric ids are common in the wild.
        id = container.lenient(String.self, .id) ?? container.lenient(Int.self, .id).map(String.init)
        url = container.lenient(String.self, .url)
        externalURL = container.lenient(String.self, .externalURL)
        title = container.lenient(String.self, .title)
        contentHTML = container.lenient(String.self, .contentHTML)
        contentText = container.lenient(String.self, .contentText)
        summary = container.lenient(String.self, .summary)
        datePublished = container.lenient(String.self, .datePublished)
        dateModified = container.lenient(String.self, .dateModified)
        author = container.lenient(JSONFeedAuthor.self, .author)
        authors = container.lenient([Lenient<JSONFeedAuthor>].self, .authors)?.compactMap(\.value)
        tags = container.lenient([Lenient<String>].self, .tags)?.compactMap(\.value)
        language = container.lenient(String.self, .language)
    }
}

private struct JSONFeedAuthor: Decodable {
    var name: String?
}

/// Decodes a value when it has the right shape and yields nil otherwise, so one odd element
/// does not discard its siblings.
private struct Lenient<Value: Decodable>: Decodable {
    var value: Value?

    init(from decoder: any Decoder) throws {
        value = try? decoder.singleValueContainer().decode(Value.self)
    }
}

private extension KeyedDecodingContainer {
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}
