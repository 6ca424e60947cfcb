/// Converts the HTML found in feed titles, summaries and content into the plain text the matching
/// stage searches. Tags go, `script`/`style`/`noscript`/`template` contents go, attribute values
/// never become text, entities are decoded (also double-escaped ones such as `&amp;amp;`), block
/// elements become line breaks and inline elements do not split words.
public enum HTMLText {
    /// Plain text of an HTML fragment; empty when it holds no visible text.
    public static func plainText(fromHTML html: String) -> String {
        convert(html, markup: .html)
    }

    /// Plain text of a field declared as text (Atom `type="text"`, JSON `content_text`): no tags
    /// are interpreted, but entities are still decoded (publishers often escape text fields twice)
    /// and whitespace is collapsed the same way.
    public static func plainText(fromText text: String) -> String {
        convert(text, markup: .plain)
    }

    private static func convert(_ source: String, markup: TextMarkup) -> String {
        var source = source
        var writer = PlainTextWriter(capacity: source.utf8.count)
        source.withUTF8 { HTMLTextScanner.convert($0, markup: markup, into: &writer) }
        return writer.text ?? ""
    }
}

/// How the characters of a field are to be read.
enum TextMarkup: Sendable {
    /// HTML source: tags and entities are interpreted.
    case html
    /// Literal text: only entities and whitespace are interpreted.
    case plain
}
