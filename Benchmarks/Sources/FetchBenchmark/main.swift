import FeedFetch
import Foundation
import FeedwatchConfig

/// Times two passes over the same feeds: a full fetch, then a conditional fetch with the
/// validators from the first pass (every answer a 304). Usage:
///   FetchBenchmark --base http://127.0.0.1:PORT/ [--count 1000] [--concurrency 16] [--per-host 16] [--rounds 5]
struct Options {
    var base = ""
    var count = 1000
    var concurrency = 16
    var perHost = 16
    var rounds = 5

    init(_ arguments: [String]) throws(UsageError) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw UsageError("\(flag) needs a value") }
            switch flag {
            case "--base": base = value.hasSuffix("/") ? value : value + "/"
            case "--count": count = try Self.positive(flag, value)
            case "--concurrency": concurrency = try Self.positive(flag, value)
            case "--per-host": perHost = try Self.positive(flag, value)
            case "--rounds": rounds = try Self.positive(flag, value)
            default: throw UsageError("unknown option \(flag)")
            }
        }
        guard !base.isEmpty else { throw UsageError("--base is required") }
    }

    static func positive(_ flag: String, _ value: String) throws(UsageError) -> Int {
        guard let number = Int(value), number > 0 else { throw UsageError("\(flag) must be a positive integer, got \"\(value)\"") }
        return number
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct Pass {
    var elapsed: Duration
    var ok = 0
    var notModified = 0
    var bytes = 0
    var failures: [String] = []
    var validators: [String: Validators] = [:]
}

func run(_ fetcher: Fetcher, _ requests: [FetchRequest]) async -> Pass {
    let clock = ContinuousClock()
    let start = clock.now
    var pass = Pass(elapsed: .zero)
    for await result in fetcher.fetch(requests) {
        switch result.outcome {
        case .fetched(let document):
            pass.ok += 1
            pass.bytes += document.body.count
            pass.validators[result.request.url] = document.validators
        case .notModified:
            pass.notModified += 1
        case .failed(let error):
            pass.failures.append(error.message)
        }
    }
    pass.elapsed = clock.now - start
    return pass
}

func seconds(_ duration: Duration) -> String {
    let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return String(Int((value * 1000).rounded())) + " ms"
}

func main() async -> Int32 {
    let options: Options
    do { options = try Options(Array(CommandLine.arguments.dropFirst())) } catch {
        print("FetchBenchmark: \(error)")
        return 2
    }
    var settings = FetchSettings()
    settings.concurrency = options.concurrency
    settings.perHost = options.perHost
    let urls = (1...options.count).map { "\(options.base)feed-\($0).xml" }
    var firsts: [Duration] = []
    var seconds304: [Duration] = []
    for round in 1...options.rounds {
        let fetcher: Fetcher
        do { fetcher = try Fetcher(settings: settings) } catch {
            print("FetchBenchmark: \(error.message)")
            return 1
        }
        let first = await run(fetcher, urls.map { FetchRequest(url: $0) })
        let second = await run(fetcher, urls.map { FetchRequest(url: $0, validators: first.validators[$0] ?? .none) })
        await fetcher.shutdown(abortAfter: .seconds(1))
        for failure in (first.failures + second.failures).prefix(5) { print("  failed: \(failure)") }
        guard first.ok == options.count, second.notModified == options.count else {
            print("round \(round): expected \(options.count) bodies then \(options.count) 304s, got \(first.ok) and \(second.notModified)")
            return 1
        }
        print("round \(round): first pass \(seconds(first.elapsed)) (\(first.bytes / 1024) KiB), 304 pass \(seconds(second.elapsed))")
        firsts.append(first.elapsed)
        seconds304.append(second.elapsed)
    }
    let median = { (values: [Duration]) in values.sorted()[values.count / 2] }
    print("feeds=\(options.count) concurrency=\(options.concurrency) per_host=\(options.perHost) rounds=\(options.rounds)")
    print("first pass: best \(seconds(firsts.min() ?? .zero)), median \(seconds(median(firsts)))")
    print("304 pass:   best \(seconds(seconds304.min() ?? .zero)), median \(seconds(median(seconds304)))")
    return 0
}

exit(await main())
