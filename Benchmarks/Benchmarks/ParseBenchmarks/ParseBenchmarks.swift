import Benchmark
import FeedParse

// Throughput of the whole parse path (charset check, the byte-level XML reader with its libxml2
// SAX fallback, HTML-to-text, dates, keys) on a generated ~24 MB mixed corpus. One iteration
// parses every document once; MB/s = corpus size (printed at start) divided by the wall-clock
// time per iteration.
let benchmarks: @Sendable () -> Void = {
    let corpus = FeedCorpus.generate()
    let bytes = corpus.reduce(0) { $0 + $1.count }
    print("ParseBenchmarks corpus: \(corpus.count) documents, \(bytes) bytes")
    FeedParser.prepare()

    Benchmark("parse mixed corpus (\(bytes / 1_000_000) MB)",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
                                   maxDuration: .seconds(20), maxIterations: 20)) { benchmark in
        for document in corpus {
            blackHole(try? FeedParser.parse(document, documentURL: "https://example.com/feed"))
        }
    }

    let html = Array(corpus[0].prefix(200_000))
    let htmlText = String(decoding: html, as: UTF8.self)
    Benchmark("HTML to text (200 kB)", configuration: .init(metrics: [.wallClock], maxIterations: 200)) { _ in
        blackHole(HTMLText.plainText(fromHTML: htmlText))
    }
}
