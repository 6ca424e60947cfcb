import Foundation

/// What one normalised scalar contributes to tokenisation. A source scalar folds to zero or more
/// units (`ﬁ` → two letters, `½` → digit, separator, digit), so the scanner works on units.
struct FoldUnit: Sendable, Hashable {
    enum Kind: UInt8, Sendable {
        /// Ends the current token (spaces, punctuation, apostrophes, dashes, symbols).
        case separator
        /// Ends the current token and the current phrase: no alias spans a line break.
        case lineBreak
        /// Removed before matching (soft hyphen, zero-width joiners, bidi controls, tatweel);
        /// it neither ends a token nor adds to it.
        case ignorable
        /// Part of a token: letter, digit or mark (marks fold to no bytes but stay in the span).
        case tokenChar
        /// A Han, Hiragana or Katakana character: a token on its own.
        case singleToken
    }

    /// How the original scalar was written, for smart-case checks.
    enum Letter: UInt8, Sendable {
        case none, upper, lower, uncased
    }

    var kind: Kind
    var letter: Letter
    /// UTF-8 of the folded form (NFKC, case folded, diacritics removed); empty for marks.
    var folded: [UInt8]
}

/// Computes the fold of one Unicode scalar. Slow (it goes through Foundation); results are cached
/// in `FoldTable`, so each scalar is computed at most once per process or per match call.
enum ScalarFold {
    static func units(for scalar: Unicode.Scalar) -> [FoldUnit] {
        if isIgnorable(scalar.value) { return [FoldUnit(kind: .ignorable, letter: .none, folded: [])] }
        if isLineBreak(scalar.value) { return [FoldUnit(kind: .lineBreak, letter: .none, folded: [])] }
        let letter = letterCase(of: scalar)
        if isSingleTokenScript(scalar.value) {
            // Kana keep their voicing marks: ガ and カ are different syllables, not a diacritic.
            let composed = String(Character(scalar)).precomposedStringWithCompatibilityMapping
            return [FoldUnit(kind: .singleToken, letter: .uncased, folded: Array(composed.utf8))]
        }
        let decomposed = String(Character(scalar)).decomposedStringWithCompatibilityMapping
        var result: [FoldUnit] = []
        for piece in decomposed.unicodeScalars {
            if isIgnorable(piece.value) { continue }
            if isNonspacingMark(piece) {
                result.append(FoldUnit(kind: .tokenChar, letter: .none, folded: []))
                continue
            }
            let kind = classify(piece)
            guard kind == .tokenChar || kind == .singleToken else {
                result.append(FoldUnit(kind: kind, letter: .none, folded: []))
                continue
            }
            let pieceLetter: FoldUnit.Letter = piece.properties.generalCategory.isLetter ? letter : .none
            let folded = scriptFold(piece.value).map { Array(String($0).utf8) } ?? caseFold(piece)
            result.append(FoldUnit(kind: kind, letter: pieceLetter, folded: folded))
        }
        // Only the first letter unit keeps the case of the source scalar for "first letter" checks;
        // the rest keep it too (all of `ﬁ` is lower case), which is what all-caps checks want.
        return result.isEmpty ? [FoldUnit(kind: .ignorable, letter: .none, folded: [])] : result
    }

    /// Arabic-script letters that search engines fold (Lucene's Arabic and Persian normalisers):
    /// the same name is written with either form, so both must compare equal. Alef wasla → alef,
    /// alef maqsura and the Persian/Urdu yehs → yeh, teh marbuta and the heh variants → heh,
    /// keheh → kaf. (Alefs with hamza or madda decompose to alef plus a mark, which is removed.)
    static func scriptFold(_ value: UInt32) -> Unicode.Scalar? {
        switch value {
        case 0x0671: return "\u{0627}"
        case 0x0649, 0x06CC, 0x06D2: return "\u{064A}"
        case 0x0629, 0x06C1, 0x06D5: return "\u{0647}"
        case 0x06A9: return "\u{0643}"
        default: return nil
        }
    }

    /// Full case folding without diacritics: upper- then lower-casing gives `ß` → `ss`, `ı` → `i`,
    /// final sigma → `σ`; `İ` lower-cases to `i` plus a combining dot, which is then dropped.
    static func caseFold(_ scalar: Unicode.Scalar) -> [UInt8] {
        if scalar.value < 0x80 {
            let byte = UInt8(scalar.value)
            return [byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte]
        }
        if !scalar.properties.changesWhenCaseMapped { return Array(String(scalar).utf8) }
        let mapped = String(scalar).uppercased().lowercased().decomposedStringWithCompatibilityMapping
        var bytes: [UInt8] = []
        for piece in mapped.unicodeScalars where !isNonspacingMark(piece) {
            bytes.append(contentsOf: String(piece).utf8)
        }
        return bytes
    }

    static func letterCase(of scalar: Unicode.Scalar) -> FoldUnit.Letter {
        let properties = scalar.properties
        guard properties.generalCategory.isLetter else { return .none }
        if properties.isUppercase || properties.generalCategory == .titlecaseLetter { return .upper }
        if properties.isLowercase { return .lower }
        return .uncased
    }

    static func classify(_ scalar: Unicode.Scalar) -> FoldUnit.Kind {
        if isLineBreak(scalar.value) { return .lineBreak }
        if isSingleTokenScript(scalar.value) { return .singleToken }
        // Modifier-letter apostrophes and turned commas are letters to Unicode but apostrophes to
        // readers: `Türkiyeʼs` must contain `Türkiye`.
        if (0x02B9...0x02BF).contains(scalar.value) && scalar.value != 0x02BA { return .separator }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return .tokenChar
        default:
            return .separator
        }
    }

    /// Diacritics: the marks removed after decomposition. Spacing marks (Indic vowel signs) are
    /// letters of their word and stay.
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        let category = scalar.properties.generalCategory
        return category == .nonspacingMark || category == .enclosingMark
    }

    static func isIgnorable(_ value: UInt32) -> Bool {
        switch value {
        case 0x00AD, 0x0640, 0x061C, 0x180E, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060...0x2064,
             0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
            return true
        default:
            return false
        }
    }

    static func isLineBreak(_ value: UInt32) -> Bool {
        switch value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// Han (with radicals, iteration marks and compatibility ideographs), Hiragana and Katakana.
    static func isSingleTokenScript(_ value: UInt32) -> Bool {
        switch value {
        case 0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3041...0x309F,
             0x30A0...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,
             0xFF66...0xFF9F, 0x20000...0x3134F:
            return true
        default:
            return false
        }
    }
}

extension Unicode.GeneralCategory {
    var isLetter: Bool {
        switch self {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
}
