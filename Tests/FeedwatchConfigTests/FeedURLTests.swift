import FeedwatchConfig
import Testing

/// `FeedURL.check` and `identity` on the forms configs and OPML files hold.
struct FeedURLTests {
    @Test(arguments: [
        ("https://example.org/feed.xml", FeedURL.Verdict.valid),
        ("HTTP://Example.org", .valid),
        ("http://[::1]:8080/x", .valid),
        ("file:///srv/feed.xml", .valid),
        ("file://srv/feed.xml", .invalid("must name an absolute path (file:///path/to/feed.xml)")),
        ("example.org/rss", .invalid("is not an absolute URL (expected http://, https:// or file://)")),
        ("https://", .invalid("has no host name")),
        ("https://:80/x", .invalid("has no host name")),
        ("https:///x", .invalid("has no host name")),
        ("1http://a", .invalid("has an invalid scheme '1http'")),
        ("HT TP://a", .invalid("has an invalid scheme 'ht tp'")),
        ("hätt://a", .invalid("has an invalid scheme 'hätt'")),
        ("https://a.example/my feed", .invalid("contains spaces (write them as %20)")),
        ("https://a.example/my\u{00A0}feed", .invalid("contains spaces (write them as %20)")),
        ("https://a.example/\tx", .invalid("contains spaces (write them as %20)")),
        ("https://bücher.example/ü", .valid),
        ("ftp://a.example/x", .unusualScheme("ftp")),
        ("Gopher+X://a", .unusualScheme("gopher+x")),
    ])
    func check(_ url: String, _ verdict: FeedURL.Verdict) {
        #expect(FeedURL.check(url) == verdict)
    }

    @Test func identityFoldsSchemeAndHostOnly() {
        #expect(FeedURL.identity("HTTPS://Example.ORG/Feed?Q=A") == "https://example.org/Feed?Q=A")
        #expect(FeedURL.identity("https://BÜCHER.example/Ü") == "https://bücher.example/Ü")
        #expect(FeedURL.identity("no-scheme/Path") == "no-scheme/Path")
        #expect(FeedURL.identity("http://Host#Frag") == "http://host#Frag")
    }
}
