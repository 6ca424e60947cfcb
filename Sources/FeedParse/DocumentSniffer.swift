/// Decides what a document is before any parser sees it, so that an HTML error page, an empty
/// body or an image is reported as exactly that rather than as a confusing XML error.
enum DocumentSniffer {
    enum Kind: Equatable {
        /// XML starting at this offset (leading junk such as PHP warnings is skipped).
        case xml(start: Int)
        case json
        case notAFeed(String)
    }

    /// Checks the raw bytes (before charset decoding, which would hide them) for binary formats.
    static func binaryKind(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let head = bytes.prefix(1024)
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE])
            || head.starts(with: [0x3C, 0x00]) || head.starts(with: [0x00, 0x3C]) {
            return nil
        }
        let signatures: [([UInt8], String)] = [
            ([0x1F, 0x8B], "gzip-compressed data"), (Array("%PDF".utf8), "PDF document"),
            ([0x89, 0x50, 0x4E, 0x47], "PNG image"), (Array("GIF8".utf8), "GIF image"),
            ([0xFF, 0xD8, 0xFF], "JPEG image"), ([0x50, 0x4B, 0x03, 0x04], "ZIP archive"),
        ]
        for (signature, name) in signatures where head.starts(with: signature) { return "binary data (\(name))" }
        let controls = head.count { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) }
        return controls > 0 && controls * 20 >= head.count || head.contains(0) ? "binary data" : nil
    }

    /// Classifies decoded UTF-8.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> Kind {
        guard let first = bytes.firstIndex(where: { $0 > 0x20 }) else { return .notAFeed("empty body") }
        switch bytes[first] {
        case UInt8(ascii: "{"):
            return .json
        case UInt8(ascii: "["):
            return .notAFeed("JSON document that is not a JSON Feed")
        case UInt8(ascii: "<"):
            return looksLikeHTML(bytes, from: first) ? .notAFeed("HTML page") : .xml(start: first)
        default:
            let window = bytes[first..<min(bytes.count, first + 4096)]
            for marker in ["<?xml", "<rss", "<feed", "<rdf:RDF"] {
                if let found = firstIndex(of: Array(marker.utf8), in: window) { return .xml(start: found) }
            }
            return .notAFeed("text that is neither XML nor JSON")
        }
    }

    private static func looksLikeHTML(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        let head = bytes[start..<min(bytes.count, start + 512)].map { $0 | (isLetter($0) ? 0x20 : 0) }
        return head.starts(with: Array("<!doctype html".utf8)) || head.starts(with: Array("<html".utf8))
    }

    private static func firstIndex(of needle: [UInt8], in haystack: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (haystack.startIndex...(haystack.endIndex - needle.count)).first { start in
            haystack[start..<start + needle.count].elementsEqual(needle)
        }
    }
}
