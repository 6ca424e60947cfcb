import AlertLog
import FeedState
import Foundation
import Testing
import TestSupport

/// `feedwatch once` with the compiled watchlist cache beside the state: a second run uses it,
/// an edited watchlist or a damaged cache file is read from the YAML again, and every run
/// prints the watchlist's warnings. Each commit leaves the alert log checkpoint in the state.
struct CompiledWatchlistTests {
    typealias Rig = PipelineEndToEndTests.Rig

    var cachePath: (Rig) -> String = { $0.dir.path + "/state.sqlite.watchlist-cache" }

    static func inode(_ path: String) throws -> UInt64 {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    static func withWarning(_ rig: Rig) throws {
        try rig.dir.write("watchlist.yaml", PipelineEndToEndTests.watchlist + "\n  - {id: doha, name: Doha, kind: place, aliases: [Doha, Doha]}\n")
    }

    @Test func secondRunUsesTheCompiledWatchlist() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        try Self.withWarning(rig)
        await rig.server.set("/a.xml", RSS.document(title: "A", [.init("i1", "Hamas delegation arrives in Doha")]))
        await rig.server.set("/b.xml", RSS.document(title: "B", [.init("i2", "Quiet day")]))
        let first = try await rig.once()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("alias 'Doha' is listed twice"))
        let built = try Self.inode(cachePath(rig))
        await rig.server.set("/b.xml", RSS.document(title: "B", [.init("i2", "Quiet day"), .init("i3", "Netanyahu in Doha")]))
        let second = try await rig.once()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("alias 'Doha' is listed twice"))
        #expect(try Self.inode(cachePath(rig)) == built, "the cache was rebuilt instead of used")
        #expect(PipelineEndToEndTests.pairs(try rig.alerts())
                == ["i1/doha", "i1/hamas", "i1/qatar", "i3/doha", "i3/netanyahu", "i3/qatar"])
    }

    @Test func editedWatchlistIsReadAgain() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document(title: "A", [.init("i1", "Storm over Doha")]))
        await rig.server.set("/b.xml", RSS.document(title: "B", []))
        #expect(try await rig.once().status == 0)
        let built = try Self.inode(cachePath(rig))
        try rig.dir.write("watchlist.yaml", PipelineEndToEndTests.watchlist + "\n  - {id: storm, name: Storm, kind: other}\n")
        let second = try await rig.once()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.inode(cachePath(rig)) != built)
        #expect(PipelineEndToEndTests.pairs(try rig.alerts()) == ["i1/qatar", "i1/storm+"])
    }

    @Test func damagedCacheIsReadFromTheYAMLAndReplaced() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document(title: "A", [.init("i1", "Hamas statement")]))
        await rig.server.set("/b.xml", RSS.document(title: "B", []))
        #expect(try await rig.once().status == 0)
        let path = cachePath(rig)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        await rig.server.set("/a.xml", RSS.document(title: "A", [.init("i1", "Hamas statement"), .init("i2", "Shin Bet chief")]))
        let second = try await rig.once()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(PipelineEndToEndTests.pairs(try rig.alerts()) == ["i1/hamas", "i2/shin-bet"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) != bytes)
    }

    @Test func commitsLeaveTheLogCheckpointAtTheLogsEnd() async throws {
        let rig = try await Rig()
        defer { Task { await rig.server.stop() } }
        await rig.server.set("/a.xml", RSS.document(title: "A", [.init("i1", "Hamas statement"), .init("i2", "Qatar talks")]))
        await rig.server.set("/b.xml", RSS.document(title: "B", []))
        #expect(try await rig.once().status == 0)
        let state = try StateStore.openReadOnly(path: rig.dir.path + "/state.sqlite")
        let checkpoint = try #require(try state.logCheckpoint())
        let log = try Data(contentsOf: URL(fileURLWithPath: rig.log))
        #expect(checkpoint.size == Int64(log.count))
        #expect(checkpoint.inode == (try Self.inode(rig.log)))
        #expect(log.suffix(checkpoint.lastLine.utf8.count).elementsEqual(checkpoint.lastLine.utf8))
    }
}
