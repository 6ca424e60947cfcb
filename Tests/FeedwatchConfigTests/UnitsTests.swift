import FeedwatchConfig
import Testing

struct UnitsTests {
    @Test(arguments: [
        ("90s", 90_000), ("15m", 900_000), ("2h", 7_200_000), ("7d", 604_800_000), ("1h30m", 5_400_000),
        ("500ms", 500), ("1w", 604_800_000), ("2h 5m", 7_500_000),
    ] as [(String, Int64)])
    func durations(text: String, milliseconds: Int64) throws {
        #expect(try Units.duration(text) == .milliseconds(milliseconds))
    }

    @Test func durationErrorsSayWhatIsWrong() {
        #expect(throws: Units.ParseError(message: "'15' is not a duration (missing unit; use ms, s, m, h, d or w, e.g. 90s, 15m, 2h, 7d)")) {
            try Units.duration("15")
        }
        #expect(throws: Units.ParseError(message: "'3y' is not a duration (unknown unit 'y'; use ms, s, m, h, d or w, e.g. 90s, 15m, 2h, 7d)")) {
            try Units.duration("3y")
        }
        #expect(throws: Units.ParseError(message: "'0s': a duration must be longer than zero")) { try Units.duration("0s") }
        #expect(throws: Units.ParseError(message: "'1.5h' is not a duration (e.g. 90s, 15m, 2h, 7d)")) { try Units.duration("1.5h") }
        #expect(throws: Units.ParseError.self) { try Units.duration("99999999999999999999d") }
    }

    @Test(arguments: [
        ("512KiB", 524_288), ("16MiB", 16_777_216), ("1GiB", 1_073_741_824), ("1048576", 1_048_576),
        ("2MB", 2_000_000), ("10 KB", 10_000), ("1_000", 1_000),
    ] as [(String, Int)])
    func sizes(text: String, bytes: Int) throws {
        #expect(try Units.size(text) == bytes)
    }

    @Test func sizeErrorsSayWhatIsWrong() {
        #expect(throws: Units.ParseError(message: "'16MB/s' is not a size (e.g. 512KiB, 16MiB, 1048576)")) { try Units.size("16MB/s") }
        #expect(throws: Units.ParseError(message: "'3 parsecs' is not a size (unknown unit 'parsecs'; use B, KiB, MiB, GiB, KB, MB or GB)")) {
            try Units.size("3 parsecs")
        }
        #expect(throws: Units.ParseError(message: "'0': a size must be larger than zero")) { try Units.size("0") }
    }
}
