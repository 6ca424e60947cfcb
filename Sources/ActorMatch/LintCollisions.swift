import FeedwatchConfig

/// The collision lint: an alias whose words fold to those of an earlier alias of another actor
/// (both actors will be reported for such words).
///
/// The keys are shared out between threads by hash: each thread walks, in watchlist order, the
/// aliases whose keys are in its share (`LintScan.byShard`), so every key meets its first owner
/// exactly as in a single pass, and each thread writes the warnings for its keys.
enum LintCollisions {
    /// A collision warning and the position of its alias in the watchlist (over all actors).
    struct Found: Sendable {
        var ordinal: Int
        var diagnostic: Diagnostic
    }

    /// Whether a key may be compared by its bytes instead of as a `String` (which compares
    /// canonical equivalents as equal) without changing which keys are equal.
    ///
    /// Folded words are per-scalar NFKD with the non-spacing and enclosing marks removed. Below
    /// U+1000 every scalar with a non-zero combining class is such a mark, so what is left is in
    /// NFD, where canonically equivalent means byte-equal. From U+1000 on, Hangul syllables and
    /// the single-token scripts are kept composed (`FoldCache`), so a jamo spelling and a syllable
    /// are different bytes but equal strings: those keys (a byte ≥ 0xE1 starts such a scalar)
    /// stay strings, as do keys with a word past the length limit (lower-cased, not folded).
    /// Neither kind can equal a byte key, so the two kinds are looked up apart.
    static func comparesAsBytes(_ key: ArraySlice<UInt8>) -> Bool {
        !key.contains { $0 >= 0xE1 }
    }

    /// Which of `count` shares a key belongs to; nil for no key.
    static func shard(of key: LintScan.Key, strings: [String], count: Int) -> Int? {
        let hash: Int
        switch key {
        case .none: return nil
        case .bytes(_, _, let keyHash): hash = keyHash
        case .string(let index): hash = strings[Int(index)].hashValue
        }
        return Int(UInt(bitPattern: hash) % UInt(count))
    }

    /// Every collision in `scans` (the whole actor list, in order), one list per share of the
    /// keys, each sorted by alias position (an alias is in one list at most).
    static func find(in scans: [LintScan], actors: [WatchedActor], shards: Int) -> [[Found]] {
        InPieces.map(shards) { shard in
            var walk = Shard(number: shard)
            return walk.collisions(scans, actors)
        }
    }
}

/// One thread's share of the keys: byte keys in an open-addressing table, string keys in a
/// dictionary, each mapped to the first alias that had it.
private struct Shard {
    let number: Int
    /// `piece << 32 | entry` + 1 of the first owner; 0 for an empty slot.
    private var slots = [UInt64](repeating: 0, count: 1 << 12)
    private var slotHashes = [Int](repeating: 0, count: 1 << 12)
    private var used = 0
    private var stringOwners: [String: UInt64] = [:]

    init(number: Int) {
        self.number = number
    }

    mutating func collisions(_ scans: [LintScan], _ actors: [WatchedActor]) -> [LintCollisions.Found] {
        var found: [LintCollisions.Found] = []
        var firstOrdinal = 0
        for (piece, scan) in scans.enumerated() {
            defer { firstOrdinal += scan.aliases.count }
            for index in scan.byShard[number] {
                let entry = scan.aliases[Int(index)]
                let ordinal = firstOrdinal + Int(index)
                let here = UInt64(piece) << 32 | UInt64(index)
                let owner: UInt64?
                switch entry.key {
                case .none:
                    continue
                case .bytes(let start, let end, let hash):
                    owner = firstOwner(of: scan.arena[Int(start)..<Int(end)], hash: hash, here, scans)
                case .string(let stringIndex):
                    let key = scan.strings[Int(stringIndex)]
                    owner = stringOwners[key]
                    if owner == nil { stringOwners[key] = here }
                }
                guard let owner else { continue }
                let first = scans[Int(owner >> 32)].aliases[Int(owner & 0xFFFF_FFFF)]
                // Ids first, without copying the actors (see `LintScan.init`).
                guard actors[Int(first.actor)].id != actors[Int(entry.actor)].id else { continue }
                let actor = actors[Int(entry.actor)], ownerActor = actors[Int(first.actor)]
                found.append(LintCollisions.Found(
                    ordinal: ordinal,
                    diagnostic: WatchlistLint.collision(actor, actor.aliases[Int(entry.alias)], with: ownerActor,
                                                        ownerActor.aliases[Int(first.alias)])))
            }
        }
        return found
    }

    /// The first owner of `key`, or nil after recording `here` as its owner.
    private mutating func firstOwner(of key: ArraySlice<UInt8>, hash: Int, _ here: UInt64,
                                     _ scans: [LintScan]) -> UInt64? {
        let mask = slots.count - 1
        var slot = Self.slot(hash, mask)
        while slots[slot] != 0 {
            let owner = slots[slot] - 1
            if slotHashes[slot] == hash, Self.bytes(of: owner, scans) == key { return owner }
            slot = (slot + 1) & mask
        }
        slots[slot] = here + 1
        slotHashes[slot] = hash
        used += 1
        if used * 2 > slots.count { grow() }
        return nil
    }

    private static func bytes(of owner: UInt64, _ scans: [LintScan]) -> ArraySlice<UInt8> {
        let scan = scans[Int(owner >> 32)]
        guard case .bytes(let start, let end, _) = scan.aliases[Int(owner & 0xFFFF_FFFF)].key else { return [] }
        return scan.arena[Int(start)..<Int(end)]
    }

    private mutating func grow() {
        let (oldSlots, oldHashes) = (slots, slotHashes)
        slots = [UInt64](repeating: 0, count: oldSlots.count * 2)
        slotHashes = [Int](repeating: 0, count: oldSlots.count * 2)
        let mask = slots.count - 1
        for (slot, owner) in oldSlots.enumerated() where owner != 0 {
            var target = Self.slot(oldHashes[slot], mask)
            while slots[target] != 0 { target = (target + 1) & mask }
            slots[target] = owner
            slotHashes[target] = oldHashes[slot]
        }
    }

    /// The hash's high bits pick the slot: its low bits are the same for a whole share.
    private static func slot(_ hash: Int, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt(bitPattern: hash) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }
}
