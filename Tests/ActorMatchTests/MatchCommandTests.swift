import Foundation
import Testing
import TestSupport

/// `feedwatch match`, run as a real child process on real files.
struct MatchCommandTests {
    static let watchlist = """
        actors:
          - id: hamas
            name: Hamas
          - id: qatar
            name: Qatar
            aliases: [Qatar, Doha]
          - id: turkey
            name: Türkiye
            aliases: [Turkey, Türkiye]
          - id: shin-bet
            name: Shin Bet
            aliases:
              - Shin Bet
              - text: Bar
                requires: [Shin Bet, Ronen Bar]
          - id: mit
            name: MİT
            aliases: [MİT]
            exclude: [Massachusetts Institute of Technology]

        """

    @Test func humanOutputForArguments() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("watchlist.yaml", Self.watchlist)
        let result = try runProcess(Products.feedwatch, ["match", "--watchlist", file,
                                                         "Gespräche mit der Hamas in Doha", "We roasted a turkey"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            #1: 2 actors
              hamas (Hamas)
                18: Gespräche mit der [Hamas] in Doha
              qatar (Qatar)
                27: Gespräche mit der Hamas in [Doha]
            #2: no actors

            """)
    }

    @Test func jsonLinesFromStandardInput() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("watchlist.yaml", Self.watchlist)
        let result = try runProcess(Products.feedwatch, ["match", "--watchlist", file, "--json"],
                                    stdin: "Türkiye’s view\nnothing here\nShin Bet head Bar\n")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1] == #"{"actors":[]}"#)
        let first = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let actors = try #require(first["actors"] as? [[String: Any]])
        #expect(actors.first?["id"] as? String == "turkey")
        let mention = try #require((actors.first?["mentions"] as? [[String: Any]])?.first)
        #expect(mention["text"] as? String == "Türkiye")
        #expect(mention["alias"] as? String == "Türkiye")
        #expect(mention["offset"] as? Int == 0)
        #expect(mention["field"] as? String == "text")
        #expect(lines[2].contains(#""alias":"Bar""#))
    }

    @Test func explainShowsNearMisses() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("watchlist.yaml", Self.watchlist)
        let result = try runProcess(Products.feedwatch, ["match", "--watchlist", file, "--explain",
                                                         "a turkey and Bar", "MIT at Massachusetts Institute of Technology"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            #1: no actors
              near miss: turkey: a [turkey] and Bar: alias 'Turkey' rejected by case: smart
              near miss: shin-bet: a turkey and [Bar]: alias 'Bar' requires one of 'Shin Bet', 'Ronen Bar', none found
            #2: no actors
              near miss: mit: [MIT] at Massachusetts Institute of Technology: actor excluded by 'Massachusetts Institute of Technology' (found at text 7)

            """)
    }

    @Test func watchlistFromTheConfig() throws {
        let dir = try TemporaryDirectory()
        try dir.write("lists/watch.yaml", Self.watchlist)
        let config = try dir.write("feedwatch.yaml", "watchlist: lists/watch.yaml\nfeeds: []\n")
        let result = try runProcess(Products.feedwatch, ["match", "--config", config, "--json", "Hamas"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(#"{"actors":[{"id":"hamas","#))
    }

    @Test func brokenWatchlistExitsOneWithItsLocation() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("watchlist.yaml", "actors:\n  - id: Bad Id\n    name: X\n")
        let result = try runProcess(Products.feedwatch, ["match", "--watchlist", file, "X"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("\(file):2:"))
    }

    @Test func watchlistAndConfigTogetherAreRefused() throws {
        let result = try runProcess(Products.feedwatch, ["match", "--watchlist", "a.yaml", "--config", "b.yaml", "X"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("either --watchlist or --config"))
    }
}
