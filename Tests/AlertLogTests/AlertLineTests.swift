import AlertLog
import Foundation
import Testing

func sampleAlert(mentions: Int = 1, title: String? = "Shin Bet chief meets MİT head") -> Alert {
    let mention = Alert.Mention(alias: "Shin Bet", text: "Shin Bet", field: "summary", offset: 34,
                                context: "…media has reported that Shin Bet chief Ronen Bar traveled to…")
    return Alert(
        id: AlertID.make(feedURL: "https://example.org/feed", itemKey: "guid:1", actorIDs: ["shin-bet"]),
        detected: 1_795_833_600_123,
        feed: .init(url: "https://example.org/feed", title: "Example \"World\"", tags: ["mideast"]),
        item: .init(key: "guid:1", guid: "1", link: "https://example.org/1", title: title, published: 951_825_600_000,
                    authors: ["Desk"]),
        update: false,
        actors: [.init(id: "shin-bet", name: "Shin Bet", kind: "organization", tags: ["israel"],
                       mentions: Array(repeating: mention, count: mentions))])
}

struct AlertLineTests {
    @Test func keysInDocumentedOrderAndNullsNotMissing() throws {
        var alert = sampleAlert(title: nil)
        alert.item.guid = nil
        alert.item.published = nil
        let line = String(decoding: AlertLine.encode(alert), as: UTF8.self)
        #expect(line == """
            {"v":1,"id":"\(alert.id)","detected":"2026-11-28T02:40:00.123Z",\
            "feed":{"url":"https://example.org/feed","title":"Example \\"World\\"","tags":["mideast"]},\
            "item":{"key":"guid:1","guid":null,"link":"https://example.org/1","title":null,"published":null,"authors":["Desk"]},\
            "update":false,"actors":[{"id":"shin-bet","name":"Shin Bet","kind":"organization","tags":["israel"],\
            "mentions":[{"alias":"Shin Bet","text":"Shin Bet","field":"summary","offset":34,\
            "context":"…media has reported that Shin Bet chief Ronen Bar traveled to…"}]}]}

            """)
    }

    @Test func escapesControlCharactersAndLineSeparators() throws {
        let alert = sampleAlert(title: "a\u{1}b\nc\t\u{2028}\\ü")
        let bytes = AlertLine.encode(alert)
        #expect(bytes.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        let line = String(decoding: bytes, as: UTF8.self)
        #expect(line.contains(#""title":"a\u0001b\nc\t\u2028\\ü""#))
        let decoded = try #require(LoggedAlert.decode(bytes.dropLast()))
        #expect(decoded.item.title == "a\u{1}b\nc\t\u{2028}\\ü")
        #expect(decoded.item.published == "2000-02-29T12:00:00Z")
    }

    @Test func longMentionListsAreCappedWithACount() throws {
        let alert = sampleAlert(mentions: 5000)
        let bytes = AlertLine.encode(alert)
        #expect(bytes.count <= AlertLine.maximumBytes)
        let object = try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let actor = try #require((object["actors"] as? [[String: Any]])?.first)
        let kept = try #require(actor["mentions"] as? [Any]).count
        #expect(kept > 100)
        #expect(actor["mentions_omitted"] as? Int == 5000 - kept)
    }

    @Test func hugeTitlesAreCut() {
        let alert = sampleAlert(title: String(repeating: "Hamas ", count: 30_000))
        let bytes = AlertLine.encode(alert)
        #expect(bytes.count <= AlertLine.maximumBytes)
        #expect(LoggedAlert.decode(bytes.dropLast())?.item.title?.hasSuffix("…") == true)
    }

    @Test func idsAreDeterministicAndOrderFree() {
        let a = AlertID.make(feedURL: "u", itemKey: "k", actorIDs: ["hamas", "qatar"])
        #expect(a == AlertID.make(feedURL: "u", itemKey: "k", actorIDs: ["qatar", "hamas"]))
        #expect(a.count == 32 && a.allSatisfy(\.isHexDigit))
        #expect(a != AlertID.make(feedURL: "u", itemKey: "k", actorIDs: ["hamas"]))
        #expect(AlertID.make(feedURL: "ab", itemKey: "c", actorIDs: []) != AlertID.make(feedURL: "a", itemKey: "bc", actorIDs: []))
        // Pinned: the id is a contract with consumers that de-duplicate.
        #expect(AlertID.make(feedURL: "https://example.org/feed", itemKey: "guid:1", actorIDs: ["shin-bet"]) == sampleAlert().id)
    }

    @Test func timestamps() {
        #expect(Timestamp.rfc3339(milliseconds: 1_795_833_600_123) == "2026-11-28T02:40:00.123Z")
        #expect(Timestamp.rfc3339(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp.rfc3339Seconds(milliseconds: 951_825_600_000) == "2000-02-29T12:00:00Z")
        #expect(Timestamp.parse("2026-11-28T02:40:00.123Z") == 1_795_833_600_123)
        #expect(Timestamp.parse("2000-02-29T12:00:00Z") == 951_825_600_000)
        #expect(Timestamp.parse("2000-02-29 12:00:00") == nil)
        for ms in stride(from: Int64(-86_400_000 * 800), to: 86_400_000 * 40_000, by: 86_400_000 * 37 + 12_345) {
            #expect(Timestamp.parse(Timestamp.rfc3339(milliseconds: ms)) == ms)
        }
    }
}
