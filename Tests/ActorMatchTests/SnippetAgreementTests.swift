@testable import ActorMatch
import Testing

/// The snippet writer against the simpler code it replaced (`ReferenceSnippet`), on random mixed
/// ASCII / non-ASCII text with every kind of white space.
struct SnippetAgreementTests {
    @Test(arguments: 0..<200)
    func snippetAgreesWithReference(seed: Int) {
        var rng = SeededGenerator(state: UInt64(seed) &* 7_919 &+ 11)
        let text = FastPathAgreementTests.text(&rng, pieces: Int.random(in: 1...160, using: &rng))
        var copy = text
        copy.withUTF8 { utf8 in
            // A mention starts and ends on a scalar that is not white space (tokens do).
            var starts: [Int] = []
            var solid: [Bool] = []
            var offset = 0
            for scalar in text.unicodeScalars {
                starts.append(offset)
                solid.append(!Snippet.isSpace(scalar.value))
                offset += String(scalar).utf8.count
            }
            starts.append(offset)
            for _ in 0..<20 {
                let a = Int.random(in: 0..<solid.count, using: &rng), b = Int.random(in: 0..<solid.count, using: &rng)
                let from = min(a, b), to = max(a, b) + 1
                guard solid[from] && solid[to - 1] else { continue }
                let expected = ReferenceSnippet.context(utf8, byteStart: starts[from], byteEnd: starts[to], mentionLength: to - from)
                let actual = Snippet.context(utf8, byteStart: starts[from], byteEnd: starts[to], mentionLength: to - from)
                #expect(actual.text == expected.text && actual.offset == expected.offset && actual.length == expected.length,
                        "\(text.debugDescription) \(from)..<\(to)")
            }
        }
    }
}
