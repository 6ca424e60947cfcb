import CSQLite

/// A value bound to a `?` parameter; the state schema needs nothing but integers and text.
enum SQLValue {
    case null
    case integer(Int64)
    case text(String)

    static func integer(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
    static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
}

/// One result row, valid only inside the closure it is handed to.
struct Row: StateRow {
    fileprivate let statement: OpaquePointer

    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func optionalInteger(_ column: Int32) -> Int64? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, column)
    }

    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}

/// One SQLite connection with its prepared statements cached by SQL text.
///
/// Not thread-safe on its own: ``StateStore`` keeps it inside a mutex, so SQLite runs in its
/// cheaper multi-thread mode and the statement cache needs no lock of its own.
final class Connection {
    let path: String
    private let db: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// `immutable` (read-only only) tells SQLite the file cannot change while open: no locks, no
    /// `-shm` index; ``StateStore/openReadOnly(path:)`` says when that holds.
    init(path: String, readOnly: Bool, immutable: Bool = false) throws(StateError) {
        self.path = path
        var handle: OpaquePointer?
        let access = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let name = readOnly && immutable ? Self.immutableURI(path) : path
        let flags = access | SQLITE_OPEN_NOMUTEX | (readOnly && immutable ? SQLITE_OPEN_URI : 0)
        let rc = sqlite3_open_v2(name, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            let systemError = handle.map { sqlite3_system_errno($0) } ?? 0
            // A failed open still allocates a handle that must be closed; SQLITE_OK or not, nothing more to do.
            _ = sqlite3_close_v2(handle)
            throw OpenDiagnosis.explain(rc: rc, message: message, systemError: systemError, path: path, readOnly: readOnly)
        }
        db = handle
        let timeout = sqlite3_busy_timeout(db, 5_000)
        guard timeout == SQLITE_OK else {
            let failure = error(timeout)
            _ = sqlite3_close_v2(db)
            throw failure
        }
    }

    /// `file:` URI for `path` with `immutable=1`; every byte but unreserved ones and `/` is
    /// percent-encoded, so `?`, `#` and `%` in a path stay part of the file name.
    static func immutableURI(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes = Array("file:".utf8)
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "/"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self) + "?immutable=1"
    }

    deinit {
        // Finalize reports the statement's last step error, already handled when it happened;
        // close_v2 always succeeds and defers the close until the last statement is gone.
        for statement in statements.values { _ = sqlite3_finalize(statement) }
        _ = sqlite3_close_v2(db)
    }

    /// The error SQLite holds for `rc`, in its own words.
    func error(_ rc: Int32) -> StateError {
        let extended = sqlite3_extended_errcode(db)
        return StateError(code: .init(sqlite: rc), path: path, message: String(cString: sqlite3_errmsg(db)),
                          sqliteCode: extended == SQLITE_OK ? rc : extended)
    }

    /// Runs SQL that takes no parameters and returns no rows: pragmas, transaction control, migrations.
    func exec(_ sql: String) throws(StateError) {
        let rc = sqlite3_exec(db, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc) }
    }

    /// Runs one cached statement for its effect and returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue] = []) throws(StateError) -> Int {
        try withStatement(sql, values) { (statement) throws(StateError) in
            while try step(statement) {}
            return Int(sqlite3_changes(db))
        }
    }

    /// Runs one cached statement and maps every row.
    func rows<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws(StateError) -> T) throws(StateError) -> [T] {
        try withStatement(sql, values) { (statement) throws(StateError) in
            var result: [T] = []
            while try step(statement) { result.append(try map(Row(statement: statement))) }
            return result
        }
    }

    /// Runs one cached statement and maps its first row, if any.
    func first<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws(StateError) -> T) throws(StateError) -> T? {
        try withStatement(sql, values) { (statement) throws(StateError) in
            guard try step(statement) else { return nil }
            let value = try map(Row(statement: statement))
            while try step(statement) {}
            return value
        }
    }

    /// Runs `body` inside a transaction: committed if it returns, rolled back if it throws.
    ///
    /// Writers use `BEGIN IMMEDIATE` so two processes never deadlock upgrading read locks; the
    /// busy timeout then covers the wait for the other writer.
    func transaction<R>(write: Bool, _ body: () throws(StateError) -> R) throws(StateError) -> R {
        try exec(write ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try exec("COMMIT")
            return result
        } catch {
            rollback()
            throw error
        }
    }

    /// Starts a write transaction whose end the caller decides (``commit()`` or ``rollback()``).
    func begin() throws(StateError) { try exec("BEGIN IMMEDIATE") }

    func commit() throws(StateError) {
        do { try exec("COMMIT") } catch {
            rollback()
            throw error
        }
    }

    /// Undoes the open transaction. SQLite may already have rolled back by itself (after a full
    /// disk, for instance), and a failed rollback leaves nothing more to do than report the
    /// original error the caller is already throwing.
    func rollback() {
        guard sqlite3_get_autocommit(db) == 0 else { return }
        _ = sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
    }

    private func withStatement<T>(_ sql: String, _ values: [SQLValue],
                                  _ body: (OpaquePointer) throws(StateError) -> T) throws(StateError) -> T {
        let statement = try prepared(sql)
        let result: T
        do {
            try bind(values, to: statement)
            result = try body(statement)
        } catch {
            _ = sqlite3_reset(statement)  // returns the step error we are already throwing
            _ = sqlite3_clear_bindings(statement)
            throw error
        }
        let reset = sqlite3_reset(statement)
        guard reset == SQLITE_OK else { throw error(reset) }
        let clear = sqlite3_clear_bindings(statement)
        guard clear == SQLITE_OK else { throw error(clear) }
        return result
    }

    private func prepared(_ sql: String) throws(StateError) -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc == SQLITE_OK ? SQLITE_MISUSE : rc) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ values: [SQLValue], to statement: OpaquePointer) throws(StateError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null:
                rc = sqlite3_bind_null(statement, index)
            case .integer(let number):
                rc = sqlite3_bind_int64(statement, index, number)
            case .text(let string):
                var string = string
                rc = string.withUTF8 { bytes in
                    guard let count = Int32(exactly: bytes.count) else { return SQLITE_TOOBIG }
                    return feedwatch_sqlite3_bind_text(statement, index, bytes.baseAddress, count)
                }
            }
            guard rc == SQLITE_OK else { throw error(rc) }
        }
    }

    /// Steps once: true when a row is ready, false when the statement is done.
    private func step(_ statement: OpaquePointer) throws(StateError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw error(rc)
        }
    }
}

extension StateError.Code {
    /// Classifies an SQLite result code (primary or extended).
    init(sqlite rc: Int32) {
        switch rc & 0xff {
        case SQLITE_CANTOPEN: self = .cannotOpen
        case SQLITE_NOTADB: self = .notADatabase
        case SQLITE_CORRUPT: self = .corrupt
        case SQLITE_FULL: self = .diskFull
        case SQLITE_BUSY, SQLITE_LOCKED: self = .busy
        case SQLITE_READONLY, SQLITE_PERM: self = .readOnly
        case SQLITE_IOERR: self = .ioError
        default: self = .other
        }
    }
}
