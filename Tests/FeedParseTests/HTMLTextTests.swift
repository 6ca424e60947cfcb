import FeedParse
import Testing

struct HTMLTextTests {
    @Test func blockElementsBecomeLineBreaks() {
        #expect(HTMLText.plainText(fromHTML: "<p>One</p><p>Two <b>bo</b>ld</p>") == "One\nTwo bold")
    }
}
