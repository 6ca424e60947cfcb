/// The matcher's resolver: a text word is looked up as it is, and only when no alias uses it,
/// read through its script's proclitic rules (Hebrew letters have the UTF-8 lead byte D7,
/// Arabic-script letters U+0600–U+06FF D8–DB) or the item language's suffix rules. Words of
/// other scripts in items without a language with rules cost two compares more than a lookup.
struct ReadingResolver: TokenResolver {
    let table: TokenTableView
    /// Whether the script rules apply (off only to compare with the literal matcher), and
    /// whether the item's language has suffix rules.
    let scripts: Bool
    let hasLanguage: Bool
    /// The tries live in `Readings.shared` for the whole process, so they are held unowned:
    /// a strong optional reference cost a retain and a release on every non-ASCII word.
    unowned(unsafe) let hebrew: AffixTrie
    unowned(unsafe) let arabic: AffixTrie
    /// Meaningful only when `hasLanguage`.
    unowned(unsafe) let language: AffixTrie
    private(set) var reading: UInt16 = 0

    init(table: TokenTableView, scripts: Bool, language: AffixTrie?) {
        self.table = table
        self.scripts = scripts
        let readings = Readings.shared
        hebrew = readings.hebrew
        arabic = readings.arabic
        hasLanguage = language != nil
        self.language = language ?? readings.hebrew
    }

    /// `reading` is only read for a word that resolved (id ≥ 0), so it is written only then:
    /// most words resolve to nothing and cost no store.
    @inline(__always)
    mutating func resolve(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let id = table.lookup(bytes)
        if id >= 0 { reading = 0; return id }
        let lead = bytes[0]
        if scripts && lead == 0xD7 { return derive(bytes, trie: hebrew) }
        if scripts && lead &- 0xD8 < 4 { return derive(bytes, trie: arabic) }
        return hasLanguage ? derive(bytes, trie: language) : id
    }

    /// A word of ASCII letters and digits: no script rule can apply, only the language's.
    @inline(__always)
    mutating func resolveASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let id = table.lookup(bytes)
        if id >= 0 { reading = 0; return id }
        return hasLanguage ? derive(bytes, trie: language) : id
    }

    @inline(never)
    private mutating func derive(_ bytes: UnsafeBufferPointer<UInt8>, trie: AffixTrie) -> Int32 {
        guard let (id, rule) = trie.read(bytes, in: table) else { return ScannedToken.unknownID }
        reading = rule
        return id
    }
}
