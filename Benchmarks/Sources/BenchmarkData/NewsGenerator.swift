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

    static let hebrew = "הממשלה הודיעה ביום שני כי השיחות עם הנציגים יימשכו לאחר שבוע של משא ומתן בבירה שבה נפרסו כוחות הביטחון כדי להגן על המשרד".split(separator: " ").map(String.init)
    static let arabic = "أعلنت الحكومة يوم الاثنين أن المحادثات مع المسؤولين ستستمر بعد أسبوع من المفاوضات في العاصمة حيث انتشرت قوات الأمن لحماية الوزارة".split(separator: " ").map(String.init)

    /// Hebrew and Arabic news: the script rules' worst case, every word in a script with
    /// proclitics. `mentionRate` of the words are aliases of the watchlist's Hebrew and Arabic
    /// actors, and `procliticRate` of those carry a proclitic (`ו`, `ל`, `וב`, `و`, `بال`, `لل`…).
    public static func semiticDocuments(totalBytes bytes: Int, watchlist: Watchlist, mentionRate: Double = 0.01,
                                        procliticRate: Double = 0.3, seed: UInt64 = 11) -> [Document] {
        var rng = SeededGenerator(seed: seed)
        let hebrewActors = watchlist.actors.filter { $0.name.unicodeScalars.first.map { (0x0590...0x05FF).contains($0.value) } == true }
        let arabicActors = watchlist.actors.filter { $0.name.unicodeScalars.first.map { (0x0600...0x06FF).contains($0.value) } == true }
        var documents: [Document] = []
        var total = 0
        func sentence(_ words: [String], _ actors: [WatchedActor], _ proclitics: [String], _ count: Int) -> String {
            (0..<count).map { _ -> String in
                guard rng.chance(mentionRate), !actors.isEmpty else { return rng.pick(words) }
                let alias = rng.pick(rng.pick(actors).aliases).text
                return rng.chance(procliticRate) ? rng.pick(proclitics) + alias : alias
            }.joined(separator: " ") + "."
        }
        while total < bytes {
            let useHebrew = rng.chance(0.5)
            let words = useHebrew ? hebrew : arabic
            let actors = useHebrew ? hebrewActors : arabicActors
            let proclitics = useHebrew ? ["ו", "ל", "ב", "ש", "וב", "מה"] : ["و", "ل", "ب", "ف", "وب", "ول"]
            let title = sentence(words, actors, proclitics, 10)
            var content = ""
            while content.utf8.count < 3000 { content += sentence(words, actors, proclitics, Int.random(in: 12...30, using: &rng)) + " " }
            let document = Document(title: title, content: content)
            total += document.byteCount
            documents.append(document)
        }
        return documents
    }

    /// Which actors the news talks about.
    public enum Coverage: Sendable {
        /// Zipf (s = 1) over the watchlist: a few actors are in every story, most rarely appear,
        /// which is how news coverage is distributed.
        case zipf
        /// Every actor equally likely: the worst case for caches.
        case uniform
    }

    /// Documents totalling about `bytes` of UTF-8, each about 3 KB; `mentionRate` of the words
    /// are watchlist aliases (the default, 1 %, is about one watched name per 600 bytes).
    public static func documents(totalBytes bytes: Int, watchlist: Watchlist, mentionRate: Double = 0.01,
                                 coverage: Coverage = .zipf, seed: UInt64 = 7) -> [Document] {
        var rng = SeededGenerator(seed: seed)
        let picker = ActorPicker(count: watchlist.actors.count, coverage: coverage)
        var documents: [Document] = []
        var total = 0
        while total < bytes {
            let title = sentence(&rng, watchlist, picker, mentionRate, words: 10, language: english).trimmingTrailingPeriod()
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
                    content += sentence(&rng, watchlist, picker, mentionRate, words: Int.random(in: 12...30, using: &rng), language: language) + " "
                }
                content += "\n\n"
            }
            let document = Document(title: title, content: content)
            total += document.byteCount
            documents.append(document)
        }
        return documents
    }

    static func sentence(_ rng: inout SeededGenerator, _ watchlist: Watchlist, _ picker: ActorPicker,
                         _ mentionRate: Double, words: Int,
                         language: [String]) -> String {
        var parts: [String] = []
        for position in 0..<words {
            if rng.chance(mentionRate), !watchlist.actors.isEmpty {
                let actor = watchlist.actors[picker.pick(&rng)]
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

/// Draws actor indexes with the chosen coverage.
struct ActorPicker {
    let count: Int
    /// Cumulative Zipf weights (empty for uniform).
    let cumulative: [Double]

    init(count: Int, coverage: NewsGenerator.Coverage) {
        self.count = count
        guard coverage == .zipf else { cumulative = []; return }
        var total = 0.0
        cumulative = (0..<count).map { rank in
            total += 1 / Double(rank + 1)
            return total
        }
    }

    func pick(_ rng: inout SeededGenerator) -> Int {
        guard let total = cumulative.last else { return Int.random(in: 0..<max(count, 1), using: &rng) }
        let target = Double.random(in: 0..<total, using: &rng)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
