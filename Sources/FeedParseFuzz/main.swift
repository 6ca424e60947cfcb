import CFuzzerDriver
@_spi(Fuzzing) import FeedParse
import Foundation

// Fuzzes the whole parsing path (sniffing, charset decoding, the fast XML reader and libxml2 SAX,
// HTML-to-text, dates, JSON Feed) plus the public HTML-to-text and date functions on the same
// bytes, and fails when the fast reader and libxml2 disagree. Built with
// `-sanitize=fuzzer,address` it runs libFuzzer; a normal build replays the files it is given,
// which is how crashes become regression checks.

/// The libFuzzer callback: any input must return without crashing or hanging.
private let fuzzOne: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FeedParseFuzzing.exercise(bytes)
    return 0
}

/// The same callback under the name libFuzzer's own `main` looks for, which the linker pulls in
/// from the fuzzer runtime when it ends up being the entry point.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(data, size)
}

enum FeedParseFuzzing {
    static func exercise(_ bytes: [UInt8]) {
        let charset: String? = bytes.first.map { $0 & 3 == 1 ? "iso-8859-1" : $0 & 3 == 2 ? "utf-16" : nil } ?? nil
        let results = FeedParser.parseWithBothReaders(bytes, documentURL: "http://127.0.0.1/feed.xml",
                                                      httpCharset: charset)
        // The fast reader may only speed up documents, never change what they yield.
        if results.fast != results.libxml2 {
            fatalError("readers disagree:\nfast: \(results.fast)\nlibxml2: \(results.libxml2)")
        }
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        _ = HTMLText.plainText(fromHTML: text)
        _ = FeedDate.parse(String(text.prefix(64)))
    }
}

FeedParser.prepare()
if fw_fuzzer_linked() != 0 {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(fw_fuzzer_run(&argc, &argv, fuzzOne))
}
let paths = CommandLine.arguments.dropFirst()
guard !paths.isEmpty else {
    FileHandle.standardError.write(Data("usage: FeedParseFuzz FILE... (replays inputs; build with -sanitize=fuzzer to fuzz)\n".utf8))
    exit(2)
}
for path in paths {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
        exit(1)
    }
    FeedParseFuzzing.exercise(Array(data))
}
print("replayed \(paths.count) input\(paths.count == 1 ? "" : "s") without a crash")
