/// A word shape lookup: the matcher's vocabulary, or a set of alias words for the lint.
protocol WordLookup {
    func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32
}

extension TokenTableView: WordLookup {
    @inline(__always)
    func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 { lookup(bytes) }
}

/// An affix table compiled for the scanner: a byte trie over the folded affixes (read from the
/// word's end for suffixes), each affix node listing what to try in the vocabulary. A word is
/// read through a rule only when what remains (with what the affix replaced) is exactly a
/// vocabulary word, so `Qatari` never reads as `Qatar` and `Катарина` never as `Катар`.
///
/// Flat arrays in raw storage: the walk runs for most words of Hebrew and Arabic text, and
/// nested Swift arrays cost reference counting on every step.
final class AffixTrie: Sendable {
    let side: AffixTable.Side
    /// Node `n`'s edges are `edgeBytes/edgeTargets[edgeStart[n] ..< edgeStart[n + 1]]`.
    private let edgeStart: FrozenArray<Int32>
    private let edgeBytes: FrozenArray<UInt8>
    private let edgeTargets: FrozenArray<Int32>
    /// Node `n`'s candidates are `candidateStart[n] ..< candidateStart[n + 1]`: each a rule and
    /// the folded alias-side letters (`restoreStart[c] ..< restoreStart[c + 1]` of `restoreBytes`)
    /// that the affix replaced.
    private let candidateStart: FrozenArray<Int32>
    private let candidateRules: FrozenArray<UInt16>
    private let restoreStart: FrozenArray<Int32>
    private let restoreBytes: FrozenArray<UInt8>
    private let stemMustNotEnd: [[UInt8]]

    init(_ table: AffixTable, firstRule: Int, register: (ReadingRule) -> Void) {
        side = table.side
        var edges: [[(byte: UInt8, target: Int32)]] = [[]]
        var candidates: [[(restore: [UInt8], rule: UInt16)]] = [[]]
        var rule = firstRule
        for (affix, restores) in table.entries {
            var bytes = Array(TextNormalizer.foldedKey(affix).utf8)
            if table.side == .suffix { bytes.reverse() }
            var node = 0
            for byte in bytes {
                if let edge = edges[node].first(where: { $0.byte == byte }) {
                    node = Int(edge.target)
                } else {
                    edges.append([])
                    candidates.append([])
                    edges[node].append((byte, Int32(edges.count - 1)))
                    node = edges.count - 1
                }
            }
            for restore in restores {
                candidates[node].append((Array(TextNormalizer.foldedKey(restore).utf8), UInt16(rule)))
                register(ReadingRule(table: table.name, side: table.side, affix: affix, restored: restore,
                                     place: table.place, needsCapital: table.needsCapital))
                rule += 1
            }
        }
        func starts<T>(_ lists: [[T]]) -> [Int32] {
            var starts: [Int32] = [0]
            for list in lists { starts.append((starts.last ?? 0) + Int32(list.count)) }
            return starts
        }
        edgeStart = FrozenArray(starts(edges))
        edgeBytes = FrozenArray(edges.flatMap { $0.map(\.byte) })
        edgeTargets = FrozenArray(edges.flatMap { $0.map(\.target) })
        candidateStart = FrozenArray(starts(candidates))
        let flat = candidates.flatMap { $0 }
        candidateRules = FrozenArray(flat.map(\.rule))
        restoreStart = FrozenArray(starts(flat.map(\.restore)))
        restoreBytes = FrozenArray(flat.flatMap(\.restore))
        stemMustNotEnd = table.stemMustNotEnd.map { Array(TextNormalizer.foldedKey($0).utf8) }
    }

    /// The first reading of `word` (folded bytes) that is a word of `lookup`: its id and rule.
    /// Shorter affixes are tried first (`מהמוסד` is מ + `המוסד` when that is the alias). Within
    /// a node the candidates that restore nothing come first: with the same remainder, the
    /// reading that adds no letters is the plainer one. `word` must be readable eight bytes past
    /// its end when `lookup` is the vocabulary (the scanner's buffer is).
    func read<L: WordLookup>(_ word: UnsafeBufferPointer<UInt8>, in lookup: L) -> (id: Int32, rule: UInt16)? {
        let count = word.count
        guard count >= 3, count <= Scanner.maxTokenBytes else { return nil }
        let edgeStart = edgeStart.base, edgeBytes = edgeBytes.base, edgeTargets = edgeTargets.base
        let candidateStart = candidateStart.base
        var node = 0
        var step = 0
        while step < count {
            let index = side == .prefix ? step : count - 1 - step
            let byte = word[index]
            var edge = Int(edgeStart[node])
            let last = Int(edgeStart[node + 1])
            while edge < last && edgeBytes[edge] != byte { edge += 1 }
            guard edge < last else { return nil }
            node = Int(edgeTargets[edge])
            step += 1
            let first = Int(candidateStart[node]), end = Int(candidateStart[node + 1])
            guard first < end else { continue }
            // The affix must end on a letter boundary.
            let rest: Range<Int>
            if side == .prefix {
                guard step == count || word[step] & 0xC0 != 0x80 else { continue }
                rest = step..<count
            } else {
                guard byte & 0xC0 != 0x80 else { continue }
                rest = 0..<index
            }
            guard Self.hasTwoLetters(word, rest) else { continue }
            if side == .suffix && stemMustNotEnd.contains(where: { Self.ends(word, rest, with: $0) }) { continue }
            if let found = tryCandidates(first..<end, word, rest, lookup) { return found }
        }
        return nil
    }

    /// Looks up the remainder `rest` of `word` with each candidate's letters restored. A
    /// candidate that restores nothing (most) is looked up where the remainder lies: `word` is
    /// the scanner's token buffer, readable eight bytes past its end as lookups require.
    private func tryCandidates<L: WordLookup>(_ candidates: Range<Int>, _ word: UnsafeBufferPointer<UInt8>,
                                              _ rest: Range<Int>, _ lookup: L) -> (id: Int32, rule: UInt16)? {
        var restores = false
        for candidate in candidates {
            if restoreStart[candidate] != restoreStart[candidate + 1] { restores = true; continue }
            let id = lookup.id(of: UnsafeBufferPointer(rebasing: word[rest]))
            if id >= 0 { return (id, candidateRules[candidate]) }
        }
        guard restores else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Scanner.maxTokenBytes + 32) { scratch in
            guard let buffer = scratch.baseAddress else { return nil }
            for candidate in candidates where restoreStart[candidate] != restoreStart[candidate + 1] {
                let restore = Int(restoreStart[candidate])..<Int(restoreStart[candidate + 1])
                let length = rest.count + restore.count
                guard length <= Scanner.maxTokenBytes else { continue }
                let restAt = side == .prefix ? restore.count : 0
                for offset in rest { buffer[restAt + offset - rest.lowerBound] = word[offset] }
                let restoreAt = side == .prefix ? 0 : rest.count
                for offset in restore { buffer[restoreAt + offset - restore.lowerBound] = restoreBytes[offset] }
                for offset in length..<(length + 8) { buffer[offset] = 0 }
                let id = lookup.id(of: UnsafeBufferPointer(start: buffer, count: length))
                if id >= 0 { return (id, candidateRules[candidate]) }
            }
            return nil
        }
    }

    /// Whether `range` holds at least two scalars (lead bytes); stops at the second.
    @inline(__always)
    private static func hasTwoLetters(_ word: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var letters = 0
        for index in range where word[index] & 0xC0 != 0x80 {
            letters += 1
            if letters == 2 { return true }
        }
        return false
    }

    private static func ends(_ word: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, with tail: [UInt8]) -> Bool {
        guard range.count >= tail.count else { return false }
        let start = range.upperBound - tail.count
        for (offset, byte) in tail.enumerated() where word[start + offset] != byte { return false }
        return true
    }
}
