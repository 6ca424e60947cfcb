import ActorMatch
import Testing

/// Rule 6: what each mention carries, with multi-byte text.
struct MentionTests {
    private func mentions(_ text: String) -> [Mention] {
        Fixture.domain.match(text).flatMap(\.mentions)
    }

    @Test func offsetsCountUnicodeScalars() {
        let found = mentions("Gespräche mit der Hamas in Doha")
        #expect(found.map(\.offset) == [18, 27])
        #expect(found.map(\.length) == [5, 4])
        #expect(found.map(\.alias) == ["Hamas", "Doha"])
    }

    @Test func offsetsAfterEmojiAndFlags() {
        let found = mentions("🇮🇱👍🏽 Israel")
        #expect(found.first?.offset == 5)
        #expect(found.first?.text == "Israel")
    }

    @Test func decomposedTextKeepsItsOwnScalars() {
        let found = mentions("Tu\u{0308}rkiye’s role")
        #expect(found.first?.text == "Tu\u{0308}rkiye")
        #expect(found.first?.length == 8)
        #expect(found.first?.alias == "Türkiye")
    }

    @Test func rightToLeftTextOffsets() {
        let found = mentions("قال مسؤولون في حزب الله إن")
        #expect(found.map(\.text) == ["حزب الله"])
        #expect(found.first?.offset == 15)
    }

    @Test func hebrewWithNiqqudMatchesPlainAlias() {
        let found = mentions("איראן אָיְרָאן")
        #expect(found.map(\.text) == ["איראן", "אָיְרָאן"])
        #expect(found.map(\.offset) == [0, 6])
        #expect(Fixture.ids("אִירָאן") == ["iran"])
    }

    @Test func cyrillicAndCJKOffsets() {
        let found = mentions("Вчера Кремль и 東京都")
        #expect(found.map(\.text) == ["Кремль", "東京"])
        #expect(found.map(\.offset) == [6, 15])
    }

    @Test func fieldNameIsReported() {
        let hits = Fixture.domain.match([TextField(name: "summary", text: "Talks in Doha")])
        #expect(hits.first?.mentions.first?.field == "summary")
    }

    @Test func shortTextContextIsTheWholeText() {
        #expect(mentions("Talks in Doha ended.").first?.context == "Talks in Doha ended.")
    }

    @Test func contextCollapsesWhitespaceAndLineBreaks() {
        #expect(mentions("Talks\n\nin   Doha\tended.").first?.context == "Talks in Doha ended.")
    }

    @Test func longContextIsCutAtWordBoundariesWithMarks() {
        let words = (0..<60).map { "wörd\($0)" }
        let text = words[0..<30].joined(separator: " ") + " Doha " + words[30...].joined(separator: " ")
        let context = mentions(text).first?.context ?? ""
        #expect(context.hasPrefix("…wörd"))
        #expect(context.hasSuffix("…"))
        #expect(context.contains(" Doha "))
        #expect(context.count >= 120 && context.count <= 170)
        let inner = context.dropFirst().dropLast().split(separator: " ").map(String.init)
        #expect(inner.allSatisfy { $0 == "Doha" || words.contains($0) }, "no word cut in half")
    }

    @Test func contextNearTheStartUsesTheSpaceAfter() {
        let text = "Doha " + (0..<80).map { "word\($0)" }.joined(separator: " ")
        let context = mentions(text).first?.context ?? ""
        #expect(context.hasPrefix("Doha word0"))
        #expect(context.hasSuffix("…"))
        #expect(context.count <= 165)
    }

    @Test func contextOfAMentionInMultiByteText() {
        let text = String(repeating: "Переговоры продолжаются ", count: 10) + "Россия " + String(repeating: "日本語の文章 ", count: 30)
        let mention = mentions(text).first { $0.alias == "Россия" }
        #expect(mention?.offset == 240)
        #expect(mention?.context.contains("Россия") == true)
        #expect(mention?.context.hasPrefix("…") == true)
    }
}

/// The mention's place inside its context, for highlighting.
struct ContextOffsetTests {
    private func highlighted(_ text: String) -> [String] {
        Fixture.domain.match(text).flatMap(\.mentions).map { mention in
            let scalars = Array(mention.context.unicodeScalars)
            let inner = scalars[mention.contextOffset..<(mention.contextOffset + mention.contextLength)]
            return String(String.UnicodeScalarView(inner))
        }
    }

    @Test func highlightsTheRightOccurrence() {
        #expect(highlighted("Hamas  and\n Hamas") == ["Hamas", "Hamas"])
        let mentions = Fixture.domain.match("Hamas  and\n Hamas").flatMap(\.mentions)
        #expect(mentions.map(\.contextOffset) == [0, 10])
    }

    @Test func highlightsAfterACutAndInMultiByteText() {
        let text = String(repeating: "Переговоры ", count: 20) + "Shin\u{00A0}Bet " + String(repeating: "語文章 ", count: 40)
        #expect(highlighted(text) == ["Shin Bet"])
    }
}
