import ActorMatch
import FeedwatchConfig

/// Builders for watchlists written in test code, with line numbers so lint locations are checkable.
enum Fixture {
    static let file = "watchlist.yaml"

    static func alias(_ text: String, _ mode: CaseMode = .smart, requires: [String] = [], line: Int = 1) -> Alias {
        Alias(text: text, caseMode: mode, requires: requires, location: SourceLocation(file: file, line: line, column: 9))
    }

    static func actor(_ id: String, _ aliases: [Alias], exclude: [String] = [], line: Int = 1) -> WatchedActor {
        WatchedActor(id: id, name: aliases.first?.text ?? id, kind: .other, aliases: aliases,
                     exclude: exclude.map { ExcludePhrase(text: $0, caseMode: .smart,
                                                          location: SourceLocation(file: file, line: line, column: 9)) },
                     location: SourceLocation(file: file, line: line, column: 5))
    }

    static func actor(_ id: String, _ aliases: String..., exclude: [String] = []) -> WatchedActor {
        actor(id, aliases.map { alias($0) }, exclude: exclude)
    }

    static func matcher(_ actors: WatchedActor...) -> Matcher {
        Matcher(watchlist: Watchlist(file: file, actors: actors))
    }

    /// The domain watchlist most rule tests run against.
    static let domain = Matcher(watchlist: Watchlist(file: file, actors: [
        actor("shin-bet", [alias("Shin Bet"), alias("Shabak"), alias("Israel Security Agency"),
                           alias("ISA", .exact), alias("Bar", requires: ["Shin Bet", "Ronen Bar"])]),
        actor("israel", "Israel", "Jerusalem"),
        actor("hamas", "Hamas"),
        actor("qatar", "Qatar", "Doha"),
        actor("mit", [alias("MIT"), alias("Milli İstihbarat Teşkilatı")],
              exclude: ["Massachusetts Institute of Technology"]),
        actor("turkey", "Turkey", "Türkiye", "Ankara"),
        actor("kalin", "İbrahim Kalın"),
        actor("netanyahu", "Benjamin Netanyahu", "Netanyahu"),
        actor("usa", [alias("U.S.", .exact), alias("United States")]),
        actor("iran", "Iran", "Tehran", "إيران", "איראן"),
        actor("russia", "Russia", "Россия", "Кремль"),
        actor("japan", "日本", "東京"),
        actor("hezbollah", "Hezbollah", "Hizbullah", "حزب الله"),
        actor("idf", "IDF", "Israel Defense Forces"),
        actor("grossmann", "Großmann"),
        actor("un", [alias("UN", .exact)]),
        actor("muller", [alias("Müller", .ignore)]),
        actor("zelensky", "Зеленський", "Zelensky"),
        actor("egypt", "Egypt", "Cairo", "مصر"),
    ]))

    static func ids(_ text: String, _ matcher: Matcher = domain) -> [String] {
        matcher.match(text).map(\.actorID)
    }

    static func texts(_ text: String, _ matcher: Matcher = domain) -> [String] {
        matcher.match(text).flatMap { $0.mentions.map(\.text) }
    }
}
