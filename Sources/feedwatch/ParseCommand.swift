import ArgumentParser
import FeedFetch
import FeedParse
import FeedwatchConfig
import Foundation

/// `feedwatch parse`: shows exactly what the daemon would see in a feed (format, items, keys,
/// dates and the plain text the matcher searches), so an operator can check why a mention was or
/// was not found.
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed files (or URLs) and print what the daemon would see.",
        discussion: """
            Prints the feed, then each item with its key, dates and plain text. With --json, prints \
            one JSON object per item instead. Exits with status 1 when any source is not a feed.
            """
    )

    @Argument(help: "Feed files or http(s) URLs.")
    var sources: [String]

    @Flag(help: "Print one JSON object per item.")
    var json = false

    @Option(help: "Refuse documents larger than this many bytes.")
    var maxBytes: Int = 16 * 1024 * 1024

    func run() async throws {
        FeedParser.prepare()
        var failed = false
        // JSON lines collect in one buffer written in large blocks: per-item `print` calls and
        // string building cost more than parsing the feed.
        var lines = ItemJSONWriter()
        for source in sources {
            do {
                let document = try await FeedDocumentSource.load(source, maxBytes: maxBytes)
                let feed = try FeedParser.parse(document.bytes, documentURL: document.url,
                                                httpCharset: document.charset, maxBytes: maxBytes)
                if json {
                    lines.append(feed, source: source)
                    if lines.bytes.count >= 1 << 20 { flush(&lines) }
                } else {
                    print(ParseOutput.text(feed, source: source), terminator: "")
                }
            } catch {
                failed = true
                flush(&lines)
                FileHandle.standardError.write(Data("feedwatch parse: \(source): \(error)\n".utf8))
            }
        }
        flush(&lines)
        if failed { throw ExitCode(1) }
    }

    private func flush(_ lines: inout ItemJSONWriter) {
        guard !lines.bytes.isEmpty else { return }
        FileHandle.standardOutput.write(Data(lines.bytes))
        lines.removeAll()
    }
}

/// Where a document's bytes come from: a file read directly, or a URL fetched once with the
/// daemon's own fetcher (same limits, same redirect rules; proxies from the environment).
enum FeedDocumentSource {
    struct Document {
        var bytes: [UInt8]
        var url: String?
        var charset: String?
    }

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    static func load(_ source: String, maxBytes: Int) async throws -> Document {
        let lower = source.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            return try await fetch(source, maxBytes: maxBytes)
        }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw LoadError(description: "cannot read file")
        }
        return Document(bytes: Array(data), url: URL(fileURLWithPath: source).absoluteString, charset: nil)
    }
}

extension FeedDocumentSource {
    static func fetch(_ url: String, maxBytes: Int) async throws -> Document {
        var settings = FetchSettings()
        settings.maxBytes = maxBytes
        let fetcher = try Fetcher(settings: settings)
        let result = await fetcher.fetch(FetchRequest(url: url))
        await fetcher.shutdown(abortAfter: .zero)
        switch result.outcome {
        case .fetched(let document):
            return Document(bytes: document.body, url: result.effectiveURL, charset: document.charset)
        case .notModified:
            throw LoadError(description: "the server answered 304 Not Modified to an unconditional request")
        case .failed(let error):
            // The message starts with the URL, which the caller prints already.
            let message = error.message.hasPrefix(url + ": ") ? String(error.message.dropFirst(url.count + 2)) : error.message
            throw LoadError(description: message)
        }
    }
}
