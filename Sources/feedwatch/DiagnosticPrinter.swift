import FeedwatchConfig

#if canImport(Glibc)
import Glibc
#endif

/// Writes diagnostics to standard error, errors before warnings, in file and line order.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        // Positions are sorted rather than copies of the diagnostics.
        let order = diagnostics.indices.sorted { a, b in
            let (x, y) = (diagnostics[a].location, diagnostics[b].location)
            if x.file != y.file { return a < b }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a < b
        }
        // Written in a few large writes: `check` on a 100,000-actor watchlist prints 44,000
        // warnings, and a system call per line was a measurable part of it. The lines of each
        // write are formatted at once on every core. The bytes are `description`'s.
        let parts = order.count >= 10_000 ? UsableCores.count : 1
        let texts = InPieces.map(parts) { part in
            var text: [UInt8] = []
            let range = InPieces.range(part, of: parts, total: order.count)
            text.reserveCapacity(order[range].reduce(0) { $0 + diagnostics[$1].message.utf8.count + 64 })
            for index in order[range] { append(diagnostics[index], to: &text) }
            return text
        }
        for text in texts { StandardError.write(text) }
    }

    /// `Diagnostic.description` and a newline, without building the line as a `String` first.
    static func append(_ diagnostic: Diagnostic, to text: inout [UInt8]) {
        let location = diagnostic.location
        text.append(contentsOf: location.file.utf8)
        text.append(UInt8(ascii: ":"))
        text.append(contentsOf: String(location.line).utf8)
        text.append(UInt8(ascii: ":"))
        text.append(contentsOf: String(location.column).utf8)
        text.append(contentsOf: diagnostic.severity == .warning ? ": warning: ".utf8 : ": ".utf8)
        text.append(contentsOf: diagnostic.message.utf8)
        text.append(UInt8(ascii: "\n"))
    }
}

enum StandardError {
    static func write(_ text: String) { write(Array(text.utf8)) }

    static func write(_ text: [UInt8]) {
        var bytes = text[...]
        // write(2) on fd 2 directly: unbuffered, and free of the shared `stderr` FILE global.
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            bytes = bytes.dropFirst(count)
        }
    }
}
