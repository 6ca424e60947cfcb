/// Deterministic alert ids: 128-bit FNV-1a over the feed URL, the item key and the sorted actor
/// ids, as 32 hex digits.
///
/// A cryptographic hash is not needed (ids are not secrets and inputs are not adversarial
/// against de-duplication), and FNV needs no dependency.
public enum AlertID {
    private static let offset: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
    private static let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013B

    public static func make(feedURL: String, itemKey: String, actorIDs: [String]) -> String {
        var hash = offset
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt128(byte)
                hash = hash &* prime
            }
            // A separator byte that UTF-8 text never contains keeps ("ab","c") apart from ("a","bc").
            hash ^= 0xFF
            hash = hash &* prime
        }
        mix(feedURL)
        mix(itemKey)
        for id in actorIDs.sorted() { mix(id) }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 32 - hex.count) + hex
    }
}
