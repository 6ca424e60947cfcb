import Foundation
import Testing
import TestSupport

/// The man pages (scripts/manpages, from `feedwatch --experimental-dump-help`) and the bash
/// completion (the argument parser's own script) come from the same definitions as `--help`, so
/// they cannot drift from it. These run the real generators on the built binary and read what
/// they wrote with the real readers, man(1) and bash, as `make install` and the package ship it.
struct ManualAndCompletionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let commands = ["check", "match", "once", "parse", "run", "status", "tail"]

    /// The option names (`-f`, `--follow`) of the entries in one section of rendered help or man
    /// text: its least indented lines, up to the next heading. Wrapped text is indented further.
    static func options(in text: String, section heading: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix(heading) }) else { return [] }
        let body = lines[(start + 1)...].prefix { $0.isEmpty || $0.first == " " }
        let indents = body.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }
        guard let entryIndent = indents.min() else { return [] }
        return body.filter { $0.prefix { $0 == " " }.count == entryIndent }.flatMap { line in
            line.split(separator: " ").prefix { $0.hasPrefix("-") }.map { String($0.trimmingCharacters(in: [","])) }
        }.sorted()
    }

    static func manual(_ page: String) throws -> ProcessOutput {
        try runProcess("/usr/bin/man", ["--no-hyphenation", "--no-justification", "--pager=cat", "--local-file", page],
                       environment: ["MANWIDTH": "200", "LC_ALL": "C.UTF-8"])
    }

    @Test func everyCommandHasAPageWithTheOptionsOfItsHelp() throws {
        let dir = try TemporaryDirectory()
        let generated = try runProcess("/usr/bin/env", ["python3", "\(Self.root)/scripts/manpages", Products.feedwatch, dir.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(pages == ["feedwatch-check.1", "feedwatch-match.1", "feedwatch-once.1", "feedwatch-parse.1",
                          "feedwatch-run.1", "feedwatch-status.1", "feedwatch-tail.1", "feedwatch.1"])
        for command in Self.commands {
            let help = try runProcess(Products.feedwatch, [command, "--help"])
            let page = try Self.manual("\(dir.path)/feedwatch-\(command).1")
            #expect(page.status == 0, "\(command): \(page.stderr)")
            let helpOptions = Self.options(in: help.stdout, section: "OPTIONS:")
            #expect(helpOptions.contains("--help"), "\(command) --help lists no options:\n\(help.stdout)")
            #expect(Self.options(in: page.stdout, section: "OPTIONS") == helpOptions, "feedwatch-\(command)(1):\n\(page.stdout)")
            #expect(page.stdout.contains("feedwatch-\(command) - "), "NAME of feedwatch-\(command)(1)")
        }
        let tail = try Self.manual("\(dir.path)/feedwatch-tail.1").stdout
        #expect(tail.contains("-n, --lines lines\n"))
        #expect(tail.contains("(default: 10)"))
        let run = try Self.manual("\(dir.path)/feedwatch-run.1").stdout
        #expect(run.contains("(values: trace, debug, info, notice, warning, error, critical; default: info)"))
        let main = try Self.manual("\(dir.path)/feedwatch.1").stdout
        for command in Self.commands {
            #expect(main.contains("feedwatch-\(command)(1)"), "feedwatch(1) names feedwatch-\(command)(1)")
        }
    }

    /// `SOURCE_DATE_EPOCH` (set by dpkg-buildpackage) dates the pages, so a package rebuild is identical.
    @Test func pagesAreDatedBySourceDateEpoch() throws {
        let dir = try TemporaryDirectory()
        let generated = try runProcess("/usr/bin/env", ["python3", "\(Self.root)/scripts/manpages", Products.feedwatch, dir.path],
                                       environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let page = try String(contentsOfFile: "\(dir.path)/feedwatch-tail.1", encoding: .utf8)
        #expect(page.contains(#".TH FEEDWATCH-TAIL 1 "2023-11-14" "feedwatch "#))
    }

    /// Completions as bash computes them: the script is sourced, `complete -p` names its function,
    /// and the function runs with the COMP_* variables bash sets when Tab is pressed at the end of
    /// each line. The result line per query is `LINE|CANDIDATES`.
    @Test func bashCompletesSubcommandsOptionsAndValues() throws {
        let script = try runProcess(Products.feedwatch, ["--generate-completion-script", "bash"])
        #expect(script.status == 0, "\(script.stderr)")
        let dir = try TemporaryDirectory()
        let file = try dir.write("feedwatch", script.stdout)
        let driver = #"""
            source "$1"; shift
            spec=$(complete -p feedwatch) || exit 4
            echo "$spec"
            function=$(sed -n 's/.* -F \([^ ]*\) .*/\1/p' <<< "$spec")
            for line in "$@"; do
              COMP_LINE=$line; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$COMP_LINE"
              [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
              COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
              "$function" feedwatch "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
              echo "$line|$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')"
            done
            """#
        let result = try runProcess("/bin/bash", ["--norc", "--noprofile", "-c", driver, "driver", file,
                                                  "feedwatch ", "feedwatch st", "feedwatch tail --f",
                                                  "feedwatch run --log-level ", "feedwatch run --log-level w"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            complete -o filenames -F _feedwatch feedwatch
            feedwatch |--help --version -h check help match once parse run status tail 
            feedwatch st|status 
            feedwatch tail --f|--feed --file --follow 
            feedwatch run --log-level |critical debug error info notice trace warning 
            feedwatch run --log-level w|warning 

            """)
    }
}
