import CSQLite

/// A failure reported by SQLite, with its own message and the SQL that was running.
public struct SQLiteError: Error, CustomStringConvertible {
  /// The primary result code (`SQLITE_CONSTRAINT` = 19, `SQLITE_BUSY` = 5…).
  public let code: Int32
  /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE` = 2067…).
  public let extendedCode: Int32
  /// SQLite's text, read from the connection where the call failed.
  public let message: String
  /// The statement that failed, when there was one.
  public let sql: String?

  public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
    self.code = code & 0xff
    self.extendedCode = extendedCode ?? code
    self.message = message
    self.sql = sql
  }

  /// Reads the error state of a connection; call it right after the failing call, because
  /// `sqlite3_errmsg` is overwritten by the next call on the same connection.
  init(connection: OpaquePointer?, code: Int32, sql: String?) {
    let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
    let text: String
    if let connection, let cString = sqlite3_errmsg(connection) {
      text = String(cString: cString)
    } else if let cString = sqlite3_errstr(code) {
      text = String(cString: cString)
    } else {
      text = "unknown error"
    }
    // The connection's extended code belongs to the last failure; keep it only when it matches.
    self.init(code: code, extendedCode: (extended & 0xff) == (code & 0xff) ? extended : code,
              message: text, sql: sql)
  }

  public var description: String {
    var text = "SQLite error \(code)"
    if extendedCode != code { text += " (\(extendedCode))" }
    text += ": \(message)"
    if let sql { text += " - while executing `\(sql)`" }
    return text
  }

  /// The database was locked by another connection for longer than the busy timeout.
  public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
  /// A UNIQUE, NOT NULL, CHECK or FOREIGN KEY constraint failed.
  public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }
}

/// Failures of the store's own rules, as opposed to SQLite's.
public enum StoreError: Error, CustomStringConvertible, Equatable {
  /// The file was written by a newer git-llm whose schema this build does not know.
  case schemaTooNew(found: Int, supported: Int)
  /// The migration list itself is wrong (duplicate or non-positive versions).
  case invalidMigrations(String)

  public var description: String {
    switch self {
    case .schemaTooNew(let found, let supported):
      "schema version \(found) is newer than this git-llm (\(supported)); upgrade git-llm"
    case .invalidMigrations(let reason):
      "invalid migrations: \(reason)"
    }
  }
}
