import Foundation
import Testing
import TestSupport

/// The shipped alert rules and dashboard, checked with Prometheus's own promtool: the rules
/// load and fire as their tests say, and every dashboard query is valid PromQL.
struct OperationsFilesTests {
    static let rules = CheckCommandTests.root + "/docs/prometheus/feedwatch.rules.yml"
    static let dashboard = CheckCommandTests.root + "/docs/grafana/feedwatch.json"

    @Test func rulesLoadAndPassTheirTests() throws {
        let check = try runProcess(Tools.promtool, ["check", "rules", Self.rules])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("SUCCESS: 7 rules found"))
        let test = try runProcess(Tools.promtool, ["test", "rules", Self.rules.replacingOccurrences(of: ".rules.yml", with: ".rules.test.yml")])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
    }

    /// Every query of the dashboard, as a recording rule for promtool to parse (Grafana's
    /// variables replaced by what they stand for).
    @Test func dashboardQueriesAreValidPromQL() throws {
        let queries = try Self.dashboardQueries()
        #expect(queries.count >= 30)
        let dir = try TemporaryDirectory()
        var file = "groups:\n  - name: dashboard\n    rules:\n"
        for (index, query) in queries.enumerated() {
            let expr = query.replacingOccurrences(of: "$__rate_interval", with: "5m")
                .replacingOccurrences(of: "$instance", with: ".*")
            let quoted = String(data: try JSONSerialization.data(withJSONObject: [expr], options: [.withoutEscapingSlashes]),
                                encoding: .utf8)?.dropFirst().dropLast() ?? ""
            file += "      - record: dashboard:query\(index)\n        expr: \(quoted)\n"
        }
        let path = try dir.write("dashboard.rules.yml", file)
        let check = try runProcess(Tools.promtool, ["check", "rules", path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("SUCCESS: \(queries.count) rules found"))
    }

    /// The `expr` of every dashboard target.
    static func dashboardQueries() throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dashboard)))
        let panels = (object as? [String: Any])?["panels"] as? [[String: Any]] ?? []
        return panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
    }

    /// Metric names the rules and the dashboard use (histogram series by their family name).
    static func metricNames() throws -> Set<String> {
        let text = try String(contentsOfFile: rules, encoding: .utf8) + (try dashboardQueries()).joined(separator: "\n")
        let pattern = try NSRegularExpression(pattern: "\\b(feedwatch|process)_[a-z_]+")
        let names = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
        return Set(names.map { name in
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
            return name
        }.filter { !$0.hasSuffix("_") })
    }
}
