/// What an HTML tag does to the text around it.
enum HTMLTagKind: Sendable {
    /// Starts or ends a block: its boundary becomes a line break.
    case block
    /// Its contents are code or templates, never text.
    case rawText
    /// Anything else (`b`, `a`, `span`, unknown tags): no effect, so words are never split.
    case inline

    /// Classifies a tag name in any case without building a `String`: names up to 8 bytes are
    /// packed into an integer and looked up in a set.
    init(name: UnsafeBufferPointer<UInt8>) {
        if name.count <= 8 {
            self = Self.shortNames[Self.pack(name)] ?? .inline
        } else if name.count == 10, Self.longBlockNames.contains(where: { long in
            zip(long.utf8, name).allSatisfy { $0 == $1 | 0x20 }
        }) {
            self = .block
        } else {
            self = .inline
        }
    }

    private static func pack(_ name: some Sequence<UInt8>) -> UInt64 {
        var key: UInt64 = 0
        var shift: UInt64 = 0
        for byte in name {
            key |= UInt64(byte | 0x20) << shift
            shift += 8
        }
        return key
    }

    private static let shortNames = PackedKeyTable<HTMLTagKind>(
        blockNames.map { (pack($0.utf8), .block) } + rawTextNames.map { (pack($0.utf8), .rawText) })

    private static let blockNames = [
        "address", "article", "aside", "body", "br", "caption", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "legend", "li", "main",
        "menu", "nav", "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "title", "tr", "ul", "video", "audio", "picture",
    ]

    private static let rawTextNames = ["script", "style", "noscript", "template"]

    private static let longBlockNames = ["blockquote", "figcaption"]
}
