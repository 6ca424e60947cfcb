import FeedwatchConfig

/// News-like documents: mostly English sentences with curly quotes and dashes, some German,
/// French and Russian paragraphs, and actor aliases from the watchlist sprinkled in.
public enum NewsGenerator {
    /// One news item, matched as its fields.
    public struct Document: Sendable {
        public var title: String
        public var content: String
        public var byteCount: Int { title.utf8.count + content.utf8.count }
    }

    static let english = """
        the government said on Monday that talks with officials would continue after a week of \
        negotiations in the capital where security forces had been deployed to protect the ministry \
        and its staff while analysts warned that the ceasefire remained fragile amid reports of new \
        strikes near the border a spokesman told reporters that the agreement included provisions \
        for humanitarian aid prisoners and reconstruction funding from international donors who \
        met earlier this month to discuss economic support for the region’s struggling economy \
        according to a statement released by the foreign ministry late on Tuesday evening
        """.split(separator: " ").map(String.init)
    static let german = "die Regierung erklärte am Montag dass die Gespräche mit Vertretern nach einer Woche fortgesetzt würden während Sicherheitskräfte im Süden stationiert wurden".split(separator: " ").map(String.init)
    static let french = "le gouvernement a déclaré lundi que les négociations se poursuivraient après une semaine de réunions à la capitale où les forces de sécurité étaient déployées".split(separator: " ").map(String.init)
    static let russian = "правительство заявило в понедельник что переговоры с официальными лицами продолжатся после недели встреч в столице".split(separator: " ").map(String.init)

    /// Documents totalling about `bytes` of UTF-8, each about 3 KB.
    public static func documents(totalBytes bytes: Int, watchlist: Watchlist, seed: UInt64 = 7) -> [Document] {
        var rng = SeededGenerator(seed: seed)
        var documents: [Document] = []
        var total = 0
        while total < bytes {
            let title = sentence(&rng, watchlist, words: 10, language: english).trimmingTrailingPeriod()
            var content = ""
            while content.utf8.count < 3000 {
                let language: [String]
                switch Int.random(in: 0..<20, using: &rng) {
                case 0: language = german
                case 1: language = french
                case 2: language = russian
                default: language = english
                }
                for _ in 0..<Int.random(in: 2...5, using: &rng) {
                    content += sentence(&rng, watchlist, words: Int.random(in: 12...30, using: &rng), language: language) + " "
                }
                content += "\n\n"
            }
            let document = Document(title: title, content: content)
            total += document.byteCount
            documents.append(document)
        }
        return documents
    }

    static func sentence(_ rng: inout SeededGenerator, _ watchlist: Watchlist, words: Int, language: [String]) -> String {
        var parts: [String] = []
        for position in 0..<words {
            if rng.chance(0.03), !watchlist.actors.isEmpty {
                let actor = rng.pick(watchlist.actors)
                let alias = rng.pick(actor.aliases).text
                parts.append(rng.chance(0.2) ? "“\(alias)”" : rng.chance(0.2) ? alias + "’s" : alias)
                continue
            }
            var word = rng.pick(language)
            if position == 0, let first = word.first { word = first.uppercased() + word.dropFirst() }
            if rng.chance(0.02) { word += String(Int.random(in: 1...2025, using: &rng)) }
            if rng.chance(0.06) { word += rng.pick([",", " —", ";", ":"]) }
            parts.append(word)
        }
        return parts.joined(separator: " ") + "."
    }
}

extension String {
    func trimmingTrailingPeriod() -> String { hasSuffix(".") ? String(dropLast()) : self }
}
