#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The internal general entities a document declares in its own DOCTYPE
/// (`<!DOCTYPE rss [<!ENTITY id "tag:example.com,">]>`), fully expanded, for the libxml2 reader to
/// hand out as text. Publishers use them for repeated prefixes of ids and links, and without them
/// the declared text is lost.
///
/// Only what is safe is expanded: external entities (`SYSTEM`/`PUBLIC`) and parameter entities
/// are never read, so nothing is loaded from disk or network; one entity may expand to at most
/// `maxEntityBytes`, and all references in the document together to at most `totalCap` bytes
/// (an amplification cap relative to the document's own size). A document over either cap gets
/// none of the offending entities (billion laughs, quadratic blow-up), with a warning.
///
/// `FastXMLReader` hands every document with a DOCTYPE to libxml2, so this is the only place
/// entities are expanded and both readers give the same result.
enum InternalSubset {
    static let maxEntityBytes = 64 * 1024
    static let maxEntities = 256

    /// At most 1 MiB plus five times the document, and never more than 8 MiB.
    static func totalCap(documentBytes: Int) -> Int {
        min(8 * 1024 * 1024, 1024 * 1024 + 5 * documentBytes)
    }

    /// Name to replacement text; empty when the document declares no usable entity.
    static func entities(in bytes: UnsafeBufferPointer<UInt8>, warnings: inout [String]) -> [String: [UInt8]] {
        guard let (start, end) = subsetRange(bytes) else { return [:] }
        let raw = declarations(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        guard !raw.isEmpty else { return [:] }
        var expanded: [String: [UInt8]] = [:]
        var refused: [String] = []
        var memo: [String: [UInt8]?] = [:]
        for name in raw.keys.sorted() {
            var visiting: Set<String> = []
            if let value = expand(name, raw: raw, memo: &memo, visiting: &visiting) {
                expanded[name] = value
            } else {
                refused.append(name)
            }
        }
        if !refused.isEmpty {
            warnings.append("DTD entit\(refused.count == 1 ? "y" : "ies") not expanded (recursive or over \(maxEntityBytes) bytes): "
                            + refused.prefix(5).joined(separator: ", ") + (refused.count > 5 ? ", …" : ""))
        }
        // The amplification cap: what all references in the document would produce together.
        guard let base = bytes.baseAddress else { return [:] }
        var total = 0
        var index = end
        while index < bytes.count, let found = memchr(base + index, 0x26, bytes.count - index) {
            let ampersand = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            var cursor = ampersand + 1
            while cursor < bytes.count, cursor - ampersand <= 64, bytes[cursor] != UInt8(ascii: ";"),
                  bytes[cursor] != UInt8(ascii: "&"), bytes[cursor] != UInt8(ascii: "<") { cursor += 1 }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") {
                let name = String(decoding: bytes[(ampersand + 1)..<cursor], as: UTF8.self)
                total += expanded[name]?.count ?? 0
            }
            index = cursor
        }
        let cap = totalCap(documentBytes: bytes.count)
        if total > cap {
            warnings.append("DTD entities not expanded: the document's references would produce \(total) bytes (cap \(cap))")
            return [:]
        }
        return expanded
    }

    /// The bytes between `[` and `]` of a DOCTYPE in the prolog, if it has an internal subset.
    private static func subsetRange(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var index = 0
        func at(_ text: String) -> Bool {
            let utf8 = Array(text.utf8)
            return index + utf8.count <= bytes.count && bytes[index..<index + utf8.count].elementsEqual(utf8)
        }
        func skip(past text: String) -> Bool {
            let utf8 = Array(text.utf8)
            while index + utf8.count <= bytes.count {
                if bytes[index..<index + utf8.count].elementsEqual(utf8) {
                    index += utf8.count
                    return true
                }
                index += 1
            }
            return false
        }
        while true {
            while index < bytes.count, bytes[index] <= 0x20 { index += 1 }
            if at("<?") {
                guard skip(past: "?>") else { return nil }
            } else if at("<!--") {
                guard skip(past: "-->") else { return nil }
            } else if at("<!DOCTYPE") {
                break
            } else {
                return nil
            }
        }
        // Up to the `[`, outside quoted system/public ids; a `>` first means no internal subset.
        var quote: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return nil
            } else if byte == UInt8(ascii: "[") {
                break
            }
            index += 1
        }
        let start = index + 1
        // The subset ends at the first `]` outside quotes, comments and processing instructions.
        index = start
        quote = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if at("<!--") {
                guard skip(past: "-->") else { return nil }
                continue
            } else if at("<?") {
                guard skip(past: "?>") else { return nil }
                continue
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == UInt8(ascii: "]") {
                return (start, index)
            }
            index += 1
        }
        return nil
    }

    /// `<!ENTITY name "value">` declarations; the first declaration of a name wins (XML 1.0
    /// §4.2). Parameter and external entities are left out.
    private static func declarations(_ subset: UnsafeBufferPointer<UInt8>) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        let keyword = Array("<!ENTITY".utf8)
        var index = 0
        func skipSpace() -> Bool {
            let start = index
            while index < subset.count, subset[index] == 0x20 || subset[index] == 0x09 || subset[index] == 0x0A
                    || subset[index] == 0x0D { index += 1 }
            return index > start
        }
        while index + keyword.count <= subset.count, result.count < maxEntities {
            guard subset[index..<index + keyword.count].elementsEqual(keyword) else {
                index += 1
                continue
            }
            index += keyword.count
            guard skipSpace(), index < subset.count, subset[index] != UInt8(ascii: "%") else { continue }
            let nameStart = index
            while index < subset.count, isEntityNameByte(subset[index]) { index += 1 }
            guard index > nameStart, skipSpace(), index < subset.count,
                  subset[index] == 0x22 || subset[index] == 0x27 else { continue }
            let name = String(decoding: subset[nameStart..<(nameStart + (index - nameStart))], as: UTF8.self)
                .trimmingASCIIWhitespace()
            let quote = subset[index]
            let valueStart = index + 1
            index = valueStart
            while index < subset.count, subset[index] != quote { index += 1 }
            guard index < subset.count else { break }
            if result[name] == nil { result[name] = Array(subset[valueStart..<index]) }
            index += 1
        }
        return result
    }

    private static func isEntityNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    /// The replacement text of `name` as characters: character references, the predefined and
    /// HTML entities decoded, other declared entities expanded (each once, memoised, so the work
    /// is bounded by the entities' sizes); nil when recursive, referring to an undeclared entity,
    /// or longer than `maxEntityBytes`.
    private static func expand(_ name: String, raw: [String: [UInt8]], memo: inout [String: [UInt8]?],
                               visiting: inout Set<String>) -> [UInt8]? {
        if let known = memo[name] { return known }
        guard let value = raw[name], visiting.insert(name).inserted else { return nil }
        defer { visiting.remove(name) }
        var output: [UInt8] = []
        var index = 0
        var failed = false
        while index < value.count, !failed {
            let byte = value[index]
            guard byte == UInt8(ascii: "&"), let semicolon = value[index...].prefix(64).firstIndex(of: UInt8(ascii: ";")),
                  semicolon > index + 1 else {
                output.append(byte)
                index += 1
                continue
            }
            let reference = Array(value[(index + 1)..<semicolon])
            let inner = String(decoding: reference, as: UTF8.self)
            var piece: [UInt8]?
            if raw[inner] != nil {
                piece = expand(inner, raw: raw, memo: &memo, visiting: &visiting)
            } else {
                reference.withUnsafeBufferPointer { reference in
                    if let predefined = XMLReferences.predefined(reference) {
                        piece = [predefined]
                    } else if reference.first == UInt8(ascii: "#") {
                        piece = XMLReferences.numericReference(UnsafeBufferPointer(rebasing: reference.dropFirst()))
                            .map { Array(String(Character($0)).utf8) }
                    } else {
                        piece = HTMLEntityTable.shared.lookup(reference, semicolon: true)?.value
                    }
                }
            }
            if let piece { output.append(contentsOf: piece) } else { failed = true }
            failed = failed || output.count > maxEntityBytes
            index = semicolon + 1
        }
        let result = failed || output.count > maxEntityBytes ? nil : output
        memo[name] = .some(result)
        return result
    }
}
