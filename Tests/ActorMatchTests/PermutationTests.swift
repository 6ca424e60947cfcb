@testable import ActorMatch
import Testing
import TestSupport

/// The matcher build reorders its phrase arrays in place; it must give what copying would.
struct PermutationTests {
    @Test(arguments: [0, 1, 2, 7, 1000])
    func inPlaceReorderEqualsCopy(count: Int) {
        var random = SplitMix64(seed: UInt64(count) + 11)
        let order = (0..<count).map { Int32($0) }.shuffled(using: &random)
        let original = (0..<count).map { "item \($0)" }
        var reordered = original
        var numbers = Array(0..<count)
        var permutation = Permutation(order)
        permutation.apply(to: &reordered)
        permutation.apply(to: &numbers)  // reusable for a second array
        #expect(reordered == order.map { original[Int($0)] })
        #expect(numbers == order.map { Int($0) })
    }
}
