import FeedwatchConfig
import Foundation

/// What smart case asks of one text token, derived from how the alias token is written.
enum CaseRequirement: UInt8, Sendable {
    /// Lower-case alias token, or a script without case: any text token will do.
    case any
    /// `Turkey`: the text token's first letter must be upper case.
    case firstUpper
    /// `MIT`: two or more letters in capitals; the text token must have no lower-case letter.
    case allCaps

    init(aliasShape shape: ScannedToken.Shape) {
        guard shape.contains(.firstUpper) else { self = .any; return }
        self = shape.contains(.multiLetter) && !shape.contains(.hasLower) ? .allCaps : .firstUpper
    }

    func accepts(_ shape: ScannedToken.Shape) -> Bool {
        switch self {
        case .any: return true
        case .firstUpper: return shape.contains(.firstUpper) || shape.contains(.firstUncased)
        case .allCaps:
            return (shape.contains(.firstUpper) || shape.contains(.firstUncased)) && !shape.contains(.hasLower)
        }
    }
}

/// An alias, `requires` phrase or `exclude` phrase compiled to what the matcher compares: token
/// ids for the trie, and per token what its case mode demands.
struct CompiledPhrase {
    var ids: [Int32]
    var requirements: [CaseRequirement]
    /// NFKC form of each token as written (ignorables removed), for `case: exact`; empty otherwise.
    var exactForms: [[UInt8]]

    /// Tokenises `text` exactly as match text is tokenised, adding its words to the vocabulary.
    init(_ text: String, exact: Bool, vocabulary: inout TokenTableBuilder, cache: inout FoldCache) {
        var scanned: [ScannedToken] = []
        var copy = text
        var forms: [[UInt8]] = []
        copy.withUTF8 { utf8 in
            Scanner.scan(utf8, resolver: &vocabulary, cache: &cache, into: &scanned, keepsTrailingGap: true)
            scanned.removeAll { $0.id == ScannedToken.breakID }
            // NFKC goes through Foundation: only `case: exact` phrases need it.
            if exact { forms = scanned.map { ExactForm.of(utf8, $0) } }
        }
        ids = scanned.map(\.id)
        requirements = scanned.map { CaseRequirement(aliasShape: $0.shape) }
        exactForms = forms
    }

    /// Whether a phrase of these token ids can ever match: every token fitted the length limit.
    static func isMatchable(_ ids: some Collection<Int32>) -> Bool {
        !ids.isEmpty && !ids.contains(ScannedToken.unknownID)
    }
}

/// The "NFKC only" comparison form used by `case: exact`.
enum ExactForm {
    static func of(_ field: UnsafeBufferPointer<UInt8>, _ token: ScannedToken) -> [UInt8] {
        let start = Int(token.byteStart), end = Int(token.byteEnd)
        guard start >= 0, end <= field.count, start <= end else { return [] }
        let slice = UnsafeBufferPointer(rebasing: field[start..<end])
        if !token.shape.contains(.nonASCII) { return Array(slice) }
        var scalars = String.UnicodeScalarView()
        for scalar in String(decoding: slice, as: UTF8.self).unicodeScalars
        where !ScalarFold.isIgnorable(scalar.value) {
            scalars.append(scalar)
        }
        return Array(String(scalars).precomposedStringWithCompatibilityMapping.utf8)
    }

    /// Compares a text token with an alias token's exact form without building a String for the
    /// common all-ASCII case.
    static func matches(_ field: UnsafeBufferPointer<UInt8>, _ token: ScannedToken, _ form: [UInt8]) -> Bool {
        if token.shape.contains(.nonASCII) { return of(field, token) == form }
        let start = Int(token.byteStart), length = Int(token.byteEnd) - start
        guard length == form.count else { return false }
        for offset in 0..<length where field[start + offset] != form[offset] { return false }
        return true
    }
}
