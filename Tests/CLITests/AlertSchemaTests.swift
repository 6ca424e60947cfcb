import Foundation
import Testing
import TestSupport

/// Every line the pipeline writes validates against the published JSON Schema
/// (docs/alert.schema.json), checked by an independent validator (Python's jsonschema).
struct AlertSchemaTests {
    static let root = CheckCommandTests.root

    @Test func sampleFeedAlertsMatchTheSchema() async throws {
        let dir = try TemporaryDirectory()
        let config = try dir.write("feedwatch.yaml", """
            watchlist: \(Self.root)/Config/watchlist.yaml
            alerts: alerts.jsonl
            state: state.sqlite
            feeds:
              - path: \(Self.root)/Config/samples/world.xml
                tags: [sample]
            """)
        let child = try ChildProcess(Products.feedwatch, ["once", "--config", config])
        #expect(await child.waitForExit() == 0, "\(child.stderr)")
        let log = dir.path + "/alerts.jsonl"
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        let check = try runProcess("/usr/bin/env", ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            count = 0
            for line in open(sys.argv[2]):
                validator.validate(json.loads(line))
                count += 1
            print(count)
            """, "\(Self.root)/docs/alert.schema.json", log])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == "4\n")
    }

    @Test func theSchemaRejectsAMissingKey() throws {
        // Guards the guard: a line without `update` must fail validation.
        let check = try runProcess("/usr/bin/env", ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            line = {"v": 1, "id": "0" * 32, "detected": "2026-11-28T02:40:00.123Z",
                    "feed": {"url": "u", "title": None, "tags": []},
                    "item": {"key": "k", "guid": None, "link": None, "title": None, "published": None, "authors": []},
                    "actors": [{"id": "a", "name": "A", "kind": "other", "tags": [],
                                "mentions": [{"alias": "A", "text": "A", "field": "title", "offset": 0, "context": "A"}]}]}
            try:
                jsonschema.validate(line, schema)
                print("accepted")
            except jsonschema.ValidationError as error:
                print("rejected:", error.message)
            """, "\(Self.root)/docs/alert.schema.json"])
        #expect(check.stdout == "rejected: 'update' is a required property\n", "\(check.stderr)")
    }
}
