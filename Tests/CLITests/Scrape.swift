import Foundation
import Testing
import TestSupport

/// Reading a running daemon's metrics the way Prometheus would, and checking them with the
/// real tools: `promtool check metrics` (Debian's `prometheus` package) lints the text, and
/// Python's `prometheus_client` parser turns it into values.
enum Scrape {
    /// The port from the daemon's "metrics: serving http://127.0.0.1:PORT/metrics" line.
    static func port(of daemon: ChildProcess) async -> UInt16? {
        guard await daemon.waitForStderr({ $0.contains("metrics: serving http://") }) else { return nil }
        let text = daemon.stderr
        guard let range = text.range(of: "metrics: serving http://127.0.0.1:") else { return nil }
        return UInt16(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// GET /metrics: the text, after `promtool check metrics` found nothing to say about it.
    static func metrics(port: UInt16, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let answer = try #require(try rawRequest(port: port, "/metrics"), sourceLocation: sourceLocation)
        #expect(answer.status == 200, sourceLocation: sourceLocation)
        let lint = try runProcess(Tools.promtool, ["check", "metrics"], stdin: answer.text)
        #expect(lint.status == 0 && lint.stdout.isEmpty && lint.stderr.isEmpty,
                "promtool check metrics: \(lint.stdout)\(lint.stderr)", sourceLocation: sourceLocation)
        return answer.text
    }

    /// Every sample of a scrape as `name{label="value",…}` (labels sorted) → value, parsed by
    /// `prometheus_client`.
    static func samples(port: UInt16, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Double] {
        let text = try metrics(port: port, sourceLocation: sourceLocation)
        let parsed = try runProcess("/usr/bin/env", ["python3", "-c", """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = {}
            for family in text_string_to_metric_families(sys.stdin.read()):
                for sample in family.samples:
                    labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(sample.labels.items()))
                    out[sample.name + ("{%s}" % labels if labels else "")] = sample.value
            json.dump(out, sys.stdout)
            """], stdin: text)
        #expect(parsed.status == 0, "prometheus_client: \(parsed.stderr)", sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8))
        return try #require(object as? [String: Double], sourceLocation: sourceLocation)
    }

    /// Scrapes until `condition` holds for the samples (a pass ends on its own time).
    static func waitFor(port: UInt16, timeout: Duration = .seconds(20),
                        _ condition: ([String: Double]) -> Bool) async throws -> [String: Double] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Double] = [:]
        while ContinuousClock.now < deadline {
            last = try samples(port: port)
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    /// Requests `path` until it answers `status` (health flips on the daemon's own time).
    static func waitForStatus(port: UInt16, _ path: String, _ status: Int, timeout: Duration = .seconds(20)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try rawRequest(port: port, path)?.status == status { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
