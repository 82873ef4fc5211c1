import CSQLite
import Foundation

/// One SQLite connection (WAL, `synchronous=NORMAL`, foreign keys on). Use it from one thread at
/// a time; open one per thread or process that needs the file.
public final class Database {
  let handle: OpaquePointer  // sqlite3 *
  /// The file this connection opened.
  public let path: String
  var savepointDepth = 0

  /// Opens (creating unless `readOnly`) the database at `path`.
  /// - Throws: `SQLiteError` with SQLite's message when the file cannot be opened or configured.
  public init(path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(10)) throws {
    var connection: OpaquePointer?
    let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
      | SQLITE_OPEN_NOMUTEX
    let code = sqlite3_open_v2(path, &connection, flags, nil)
    guard code == SQLITE_OK, let connection else {
      // "Whether or not an error occurs when it is opened, resources associated with the database
      // connection handle should be released by passing it to sqlite3_close() when it is no longer
      // required." (sqlite3_open documentation)
      let error = SQLiteError(connection: connection, code: code, sql: nil)
      sqlite3_close(connection)
      throw SQLiteError(code: error.code, extendedCode: error.extendedCode,
                        message: "\(error.message) (opening \(path))")
    }
    self.handle = connection
    self.path = path
    sqlite3_extended_result_codes(connection, 1)
    let milliseconds = busyTimeout.components.seconds * 1000
      + busyTimeout.components.attoseconds / 1_000_000_000_000_000
    sqlite3_busy_timeout(connection, Int32(clamping: milliseconds))
    if !readOnly {
      try execute("PRAGMA journal_mode = WAL")
      try execute("PRAGMA synchronous = NORMAL")
    }
    try execute("PRAGMA foreign_keys = ON")
  }

  deinit {
    // Statements hold their Database strongly, so none is left to finalize here.
    sqlite3_close_v2(handle)
  }

  /// Runs one or more statements separated by semicolons, without bindings.
  public func execute(_ sql: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    let code = sqlite3_exec(handle, sql, nil, nil, &message)
    defer { sqlite3_free(message) }
    guard code == SQLITE_OK else {
      let extended = sqlite3_extended_errcode(handle)
      let text = message.map { String(cString: $0) }
        ?? SQLiteError(connection: handle, code: code, sql: sql).message
      throw SQLiteError(
        code: code, extendedCode: (extended & 0xff) == code ? extended : code, message: text,
        sql: sql)
    }
  }

  /// Prepares one statement for repeated use.
  public func prepare(_ sql: String) throws -> Statement {
    try Statement(database: self, sql: sql, requireSingle: true)
  }

  /// Runs one statement with `bindings`, discarding any rows.
  public func run(_ sql: String, _ bindings: [SQLValue] = []) throws {
    try prepare(sql).run(bindings)
  }

  /// Runs one statement and returns all its rows.
  public func query(_ sql: String, _ bindings: [SQLValue] = []) throws -> [Row] {
    try prepare(sql).query(bindings)
  }

  /// The first column of the first row, or nil when there is no row.
  public func scalar(_ sql: String, _ bindings: [SQLValue] = []) throws -> SQLValue? {
    let statement = try prepare(sql)
    try statement.bind(bindings)
    defer { statement.reset() }
    return try statement.step()?[0]
  }

  /// The rowid of the last successful INSERT on this connection.
  public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

  /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  public var changes: Int { Int(sqlite3_changes(handle)) }

  /// Whether a transaction is open on this connection.
  public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
}

@available(*, unavailable)
extension Database: Sendable {}
