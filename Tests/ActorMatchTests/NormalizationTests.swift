import ActorMatch
import Testing

/// Rules 1 and 2: normalisation and tokens, seen through the public normaliser.
struct NormalizationTests {
    private func folded(_ text: String) -> [String] { TextNormalizer.tokens(in: text).map(\.folded) }

    @Test func nfkcFoldsCompatibilityForms() {
        #expect(folded("ＨＡＭＡＳ") == ["hamas"])
        #expect(folded("ﬁnance") == ["finance"])
        #expect(folded("F²") == ["f2"])
    }

    @Test func ignorableCharactersAreDeletedInsideWords() {
        for ignorable in ["\u{00AD}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{200F}", "\u{202B}", "\u{2067}"] {
            #expect(folded("Ne\(ignorable)tanyahu") == ["netanyahu"], "U+\(String(ignorable.unicodeScalars.first?.value ?? 0, radix: 16))")
        }
    }

    @Test func arabicTatweelIsDeleted() {
        #expect(folded("حـــزب") == folded("حزب"))
    }

    @Test func everyUnicodeSpaceSeparates() {
        for space in ["\u{00A0}", "\u{2009}", "\u{200B}", "\u{3000}", "\u{202F}", "\t"] {
            #expect(folded("Shin\(space)Bet") == ["shin", "bet"])
        }
    }

    @Test func fullCaseFolding() {
        #expect(folded("Straße STRASSE") == ["strasse", "strasse"])
        #expect(folded("ΟΔΥΣΣΕΥΣ Οδυσσευς") == ["οδυσσευσ", "οδυσσευσ"])
    }

    @Test func turkishIVariantsAllFoldToI() {
        #expect(folded("İ I ı i") == ["i", "i", "i", "i"])
    }

    @Test func diacriticsAreRemovedPrecomposedOrNot() {
        #expect(folded("Türkiye Tu\u{0308}rkiye Turkiye") == ["turkiye", "turkiye", "turkiye"])
        #expect(folded("Kalın Kalin") == ["kalin", "kalin"])
        #expect(folded("שָׁלוֹם") == folded("שלום"))
    }

    @Test func apostrophesOfEveryKindSeparate() {
        for apostrophe in ["'", "’", "‘", "ʼ", "＇", "`", "´"] {
            #expect(folded("Türkiye\(apostrophe)s") == ["turkiye", "s"], "\(apostrophe)")
        }
    }

    @Test func hyphensDashesAndPunctuationSeparate() {
        for separator in ["-", "‐", "‑", "–", "—", "−", ".", "/", "#", "@", ",", ":", "_", "(", "\""] {
            #expect(folded("Israel\(separator)Hamas") == ["israel", "hamas"], "\(separator)")
        }
    }

    @Test func dottedAbbreviations() {
        #expect(folded("U.S") == ["u", "s"])
        #expect(folded("U. S.") == ["u", "s"])
    }

    @Test func hanAndKanaAreOneTokenPerCharacter() {
        #expect(folded("日本政府") == ["日", "本", "政", "府"])
        #expect(folded("トヨタ") == ["ト", "ヨ", "タ"])
        #expect(folded("ひらがな") == ["ひ", "ら", "が", "な"])
        #expect(folded("Sony株式会社") == ["sony", "株", "式", "会", "社"])
    }

    @Test func kanaKeepVoicingMarks() {
        #expect(folded("ガ") != folded("カ"))
    }

    @Test func lettersDigitsAndMarksFormWords() {
        #expect(folded("F-16 G7 2024") == ["f", "16", "g7", "2024"])
        #expect(folded("Дмитрий") == ["дмитрии"])
    }

    @Test func tokensKeepOriginalTextAndScalarOffsets() {
        let tokens = TextNormalizer.tokens(in: "🇮🇱 Ne\u{00AD}tanyahu’s visit")
        #expect(tokens.map(\.text) == ["Ne\u{00AD}tanyahu", "s", "visit"])
        #expect(tokens.map(\.offset) == [3, 14, 16])
        #expect(tokens.map(\.length) == [10, 1, 5])
    }

    @Test func lineBreaksAreMarked() {
        let tokens = TextNormalizer.tokens(in: "Shin\nBet\r\n\r\nsaid\u{2028}more")
        #expect(tokens.map(\.startsLine) == [false, true, true, true])
    }

    @Test func foldedKeyJoinsWords() {
        #expect(TextNormalizer.foldedKey("  İbrahim   KALIN’s ") == "ibrahim kalin s")
    }
}
