/// Checks and skips an XML declaration the way libxml2 would accept it without complaint:
/// `<?xml version="1.0" [encoding="name"] [standalone="yes|no"] ?>`. Anything else makes
/// `FastXMLReader` hand the document to libxml2, which reports the problem.
enum XMLDeclaration {
    struct Invalid: Error {}

    static func skip(base: UnsafePointer<UInt8>, end: Int, index: inout Int) throws {
        var cursor = index + 5
        var expected = ["version", "encoding", "standalone"].map { Array($0.utf8) }[...]
        var sawVersion = false
        while true {
            let spaceStart = cursor
            while cursor < end, base[cursor] == 0x20 || base[cursor] == 0x09 || base[cursor] == 0x0A || base[cursor] == 0x0D {
                cursor += 1
            }
            guard cursor + 1 < end else { throw Invalid() }
            if base[cursor] == UInt8(ascii: "?"), base[cursor + 1] == UInt8(ascii: ">") {
                guard sawVersion else { throw Invalid() }
                index = cursor + 2
                return
            }
            guard cursor > spaceStart else { throw Invalid() }
            let nameStart = cursor
            while cursor < end, isLetter(base[cursor]) { cursor += 1 }
            let name = Array(UnsafeBufferPointer(start: base + nameStart, count: cursor - nameStart))
            guard let position = expected.firstIndex(of: name) else { throw Invalid() }
            expected = expected[(position + 1)...]
            guard cursor + 1 < end, base[cursor] == UInt8(ascii: "="),
                  base[cursor + 1] == 0x22 || base[cursor + 1] == 0x27 else { throw Invalid() }
            let quote = base[cursor + 1]
            let valueStart = cursor + 2
            cursor = valueStart
            while cursor < end, base[cursor] != quote { cursor += 1 }
            guard cursor < end else { throw Invalid() }
            let value = Array(UnsafeBufferPointer(start: base + valueStart, count: cursor - valueStart))
            cursor += 1
            switch name.count {
            case 7:
                guard value == Array("1.0".utf8) else { throw Invalid() }
                sawVersion = true
            case 8:
                guard sawVersion, let first = value.first, isLetter(first), value.allSatisfy({
                    isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
                }) else { throw Invalid() }
            default:
                guard sawVersion, value == Array("yes".utf8) || value == Array("no".utf8) else { throw Invalid() }
            }
        }
    }
}
