#if canImport(Glibc)
import Glibc
#endif
import CLibPQ
import FeedState

/// A parameter of a statement, sent in PostgreSQL's text format (libpq converts nothing).
enum PGValue {
    case null
    case text(String)

    static func text(_ value: String?) -> PGValue { value.map { .text($0) } ?? .null }
    static func integer(_ value: Int64?) -> PGValue { value.map { .text(String($0)) } ?? .null }
    /// A `text[]` literal, so one statement can carry every key of a feed (`= ANY($n)`, `unnest`).
    static func textArray(_ values: [String?]) -> PGValue {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var literal: [UInt8] = [UInt8(ascii: "{")]
        literal.reserveCapacity(values.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { literal.append(UInt8(ascii: ",")) }
            guard let value else { literal += Array("NULL".utf8); continue }
            literal.append(quote)
            for byte in value.utf8 {
                if byte == quote || byte == backslash { literal.append(backslash) }
                literal.append(byte)
            }
            literal.append(quote)
        }
        literal.append(UInt8(ascii: "}"))
        return .text(String(decoding: literal, as: UTF8.self))
    }
    static func integerArray(_ values: [Int64?]) -> PGValue {
        .text("{" + values.map { $0.map(String.init) ?? "NULL" }.joined(separator: ",") + "}")
    }
}

/// One row of a result, valid only inside the closure it is handed to; columns arrive as text.
struct PGRow: StateRow {
    fileprivate let result: OpaquePointer
    fileprivate let row: Int32

    func text(_ column: Int32) -> String? {
        guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else { return nil }
        let count = Int(PQgetlength(result, row, column))
        return value.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }

    func optionalInteger(_ column: Int32) -> Int64? { text(column).flatMap { Int64($0) } }
    func integer(_ column: Int32) -> Int64 { optionalInteger(column) ?? 0 }
    /// A `boolean` column: PostgreSQL's text form is `t` or `f`.
    func bool(_ column: Int32) -> Bool { text(column) == "t" }
}

/// One libpq connection with its prepared statements, the PostgreSQL counterpart of the SQLite
/// `Connection`. Synchronous like it, and used the same way: only under ``StateStore``'s lock.
///
/// A connection that breaks (a server restart, `pg_terminate_backend`) fails the call that saw
/// it; the next call connects again (``reconnect``), so a store outlives a database restart
/// without the caller doing anything — the failed call's transaction was rolled back by the
/// server, which is what the callers already expect of a failed write.
final class PGConnection {
    /// The URL without its password: what every message names.
    let location: String
    private let parameters: PGParameters
    private var conn: OpaquePointer
    private var statements: [String: String] = [:]
    /// Run after every (re)connection, e.g. taking the node's advisory lock.
    var onConnect: ((PGConnection) throws(StateError) -> Void)?

    init(parameters: PGParameters) throws(StateError) {
        self.parameters = parameters
        location = parameters.location
        conn = try Self.connect(parameters)
    }

    deinit { PQfinish(conn) }

    private static func connect(_ parameters: PGParameters) throws(StateError) -> OpaquePointer {
        let handle = parameters.withCArrays { keywords, values in PQconnectdbParams(keywords, values, 1) }
        guard let handle else {
            throw StateError(code: .cannotOpen, path: parameters.location, message: "out of memory")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.message(PQerrorMessage(handle))
            PQfinish(handle)
            throw StateError(code: .cannotOpen, path: parameters.location, message: "cannot connect: \(message)")
        }
        return handle
    }

    /// Connects again after the server dropped the connection; prepared statements are gone
    /// with the old session, so they are prepared anew as they are used.
    private func reconnect() throws(StateError) {
        let handle = try Self.connect(parameters)
        PQfinish(conn)
        conn = handle
        statements.removeAll()
        try onConnect?(self)
    }

    /// Whether the server is still there as far as libpq knows; a broken connection is replaced
    /// before the next statement.
    private func ensureConnected() throws(StateError) {
        guard PQstatus(conn) != CONNECTION_OK else { return }
        try reconnect()
    }

    // MARK: Statements

    /// Runs SQL without parameters, possibly several statements (migrations, transaction control).
    func exec(_ sql: String) throws(StateError) {
        try ensureConnected()
        let result = PQexec(conn, sql)
        defer { PQclear(result) }
        try check(result)
    }

    /// Runs one prepared statement for its effect and returns the rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [PGValue] = []) throws(StateError) -> Int {
        try withResult(sql, values) { result in
            PQcmdTuples(result).map { Int(String(cString: $0)) ?? 0 } ?? 0
        }
    }

    /// Runs one prepared statement and maps every row.
    func rows<T>(_ sql: String, _ values: [PGValue] = [], _ map: (PGRow) throws(StateError) -> T) throws(StateError) -> [T] {
        try withResult(sql, values) { (result) throws(StateError) in
            let count = PQntuples(result)
            var rows: [T] = []
            rows.reserveCapacity(Int(count))
            for index in 0..<count { rows.append(try map(PGRow(result: result, row: index))) }
            return rows
        }
    }

    /// Runs one prepared statement and maps its first row, if any.
    func first<T>(_ sql: String, _ values: [PGValue] = [], _ map: (PGRow) throws(StateError) -> T) throws(StateError) -> T? {
        try withResult(sql, values) { (result) throws(StateError) in
            PQntuples(result) > 0 ? try map(PGRow(result: result, row: 0)) : nil
        }
    }

    /// Waits up to `timeout` for a notification on a channel this session LISTENs to; true when
    /// one (or more) arrived. Notifications are wake-ups: what they announce is read by query.
    func waitForNotification(timeout: Duration) throws(StateError) -> Bool {
        var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
        let millis = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        _ = poll(&descriptor, 1, millis)
        guard PQconsumeInput(conn) == 1 else { throw failure(nil) }
        var arrived = false
        while let notification = PQnotifies(conn) {
            arrived = true
            PQfreemem(notification)
        }
        return arrived
    }

    /// Whether libpq has found the connection broken (the next statement connects again).
    var isBroken: Bool { PQstatus(conn) != CONNECTION_OK }

    /// Whether a transaction is open on the server (so a rollback has something to undo).
    var inTransaction: Bool {
        let status = PQtransactionStatus(conn)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    private func withResult<T>(_ sql: String, _ values: [PGValue],
                               _ body: (OpaquePointer) throws(StateError) -> T) throws(StateError) -> T {
        // Outside a transaction a broken connection is replaced first; inside one, the server
        // has already rolled it back, so failing is the only honest answer.
        if !inTransaction { try ensureConnected() }
        do {
            return try attempt(sql, values, body)
        } catch {
            // libpq learns that the server dropped an idle session only when the next statement
            // fails. A read-only session may simply ask again on a new one: nothing it sent
            // could have written. A writer's statement fails, since it may or may not have run.
            guard parameters.readOnly, !inTransaction, PQstatus(conn) != CONNECTION_OK else { throw error }
            try reconnect()
            return try attempt(sql, values, body)
        }
    }

    private func attempt<T>(_ sql: String, _ values: [PGValue],
                            _ body: (OpaquePointer) throws(StateError) -> T) throws(StateError) -> T {
        let name = try prepared(sql, parameters: values.count)
        let result = Self.withCStrings(values) { pointers in
            PQexecPrepared(conn, name, Int32(pointers.count), pointers, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result)
        guard let result else { throw failure(nil) }
        return try body(result)
    }

    private func prepared(_ sql: String, parameters: Int) throws(StateError) -> String {
        if let name = statements[sql] { return name }
        let name = "fw\(statements.count + 1)"
        let result = PQprepare(conn, name, sql, Int32(parameters), nil)
        defer { PQclear(result) }
        try check(result)
        statements[sql] = name
        return name
    }

    private func check(_ result: OpaquePointer?) throws(StateError) {
        guard let result else { throw failure(nil) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default: throw failure(result)
        }
    }

    /// The server's message and SQLSTATE as a ``StateError`` whose code the pipeline acts on.
    private func failure(_ result: OpaquePointer?) -> StateError {
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) } ?? ""
        let primary = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "M"))) }.map { String(cString: $0) }
        let message = primary ?? Self.message(PQerrorMessage(conn))
        let broken = PQstatus(conn) != CONNECTION_OK
        return StateError(code: broken ? .ioError : StateError.Code(sqlState: state), path: location,
                          message: state.isEmpty ? message : "\(message) (SQLSTATE \(state))")
    }

    private static func message(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "unknown error" }
        return String(cString: pointer).split(whereSeparator: \.isNewline).joined(separator: "; ")
    }

    /// The parameters as NUL-terminated strings for libpq, valid during `body`.
    private static func withCStrings<R>(_ values: [PGValue], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let owned: [UnsafeMutablePointer<CChar>?] = values.map { value in
            guard case .text(let string) = value else { return nil }
            return strdup(string)
        }
        defer { owned.forEach { free($0) } }
        return body(owned.map { $0.map { UnsafePointer($0) } })
    }
}

extension StateError.Code {
    /// PostgreSQL's error classes mapped onto the codes the pipeline acts on.
    init(sqlState: String) {
        switch sqlState {
        case "53100": self = .diskFull
        case "40001", "40P01", "55P03": self = .busy
        case "25006", "42501": self = .readOnly
        case let code where code.hasPrefix("08") || code.hasPrefix("57P") || code.hasPrefix("58"): self = .ioError
        case let code where code.hasPrefix("XX"): self = .corrupt
        default: self = .other
        }
    }
}
