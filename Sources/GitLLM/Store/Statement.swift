import CSQLite
import Foundation

/// A prepared statement, reusable with new bindings; keeps its database open while it lives.
public final class Statement {
  let handle: OpaquePointer  // sqlite3_stmt *
  /// Held strongly: a statement must be finalized before its connection closes.
  public let database: Database
  /// The SQL text as prepared.
  public let sql: String
  /// The result's column names (empty for statements that return no rows).
  public let columnNames: [String]

  init(database: Database, sql: String, requireSingle: Bool) throws {
    var statement: OpaquePointer?
    var tail: UnsafePointer<CChar>?
    let code = sql.withCString { text in
      sqlite3_prepare_v2(database.handle, text, -1, &statement, &tail)
    }
    guard code == SQLITE_OK else {
      let error = SQLiteError(connection: database.handle, code: code, sql: sql)
      sqlite3_finalize(statement)
      throw error
    }
    guard let statement else {
      // SQLite returns no statement for empty input or a lone comment.
      throw SQLiteError(code: SQLITE_MISUSE, message: "no SQL statement to prepare", sql: sql)
    }
    if requireSingle, let tail, !Self.isBlank(tail) {
      sqlite3_finalize(statement)
      throw SQLiteError(
        code: SQLITE_MISUSE, message: "more than one statement; use execute() for scripts", sql: sql)
    }
    self.handle = statement
    self.database = database
    self.sql = sql
    self.columnNames = (0..<sqlite3_column_count(statement)).map { index in
      sqlite3_column_name(statement, index).map { String(cString: $0) } ?? ""
    }
  }

  deinit { sqlite3_finalize(handle) }

  private static func isBlank(_ tail: UnsafePointer<CChar>) -> Bool {
    String(cString: tail).allSatisfy { $0.isWhitespace || $0 == ";" }
  }

  /// Clears earlier bindings and binds `values` to the parameters in order.
  /// - Throws: `SQLiteError` when the count does not match the statement's parameters.
  public func bind(_ values: [SQLValue]) throws {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    let expected = Int(sqlite3_bind_parameter_count(handle))
    guard values.count == expected else {
      throw SQLiteError(
        code: SQLITE_RANGE, message: "expected \(expected) bindings, got \(values.count)", sql: sql)
    }
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let code: Int32
      switch value {
      case .null: code = sqlite3_bind_null(handle, index)
      case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
      case .real(let number): code = sqlite3_bind_double(handle, index, number)
      case .text(let text):
        code = text.withCString { pointer in
          sqlite3_bind_text64(
            handle, index, pointer, sqlite3_uint64(text.utf8.count), csqlite_transient(),
            UInt8(SQLITE_UTF8))
        }
      case .blob(let data):
        // A nil pointer would bind NULL, so an empty blob is bound as a zero-length blob.
        code = data.isEmpty
          ? sqlite3_bind_zeroblob(handle, index, 0)
          : data.withUnsafeBytes { bytes in
            sqlite3_bind_blob64(
              handle, index, bytes.baseAddress, sqlite3_uint64(bytes.count), csqlite_transient())
          }
      }
      guard code == SQLITE_OK else {
        throw SQLiteError(connection: database.handle, code: code, sql: sql)
      }
    }
  }

  /// Advances to the next row.
  /// - Returns: the row, or nil when the statement is done.
  public func step() throws -> Row? {
    let code = sqlite3_step(handle)
    switch code {
    case SQLITE_ROW: return currentRow()
    case SQLITE_DONE: return nil
    default:
      let error = SQLiteError(connection: database.handle, code: code, sql: sql)
      sqlite3_reset(handle)
      throw error
    }
  }

  /// Rewinds the statement so it can run again (bindings are kept) and releases its read lock.
  public func reset() { sqlite3_reset(handle) }

  /// Binds `values` and runs the statement to completion, discarding any rows.
  public func run(_ values: [SQLValue] = []) throws {
    try bind(values)
    defer { reset() }
    while try step() != nil {}
  }

  /// Binds `values` and returns every row.
  public func query(_ values: [SQLValue] = []) throws -> [Row] {
    try bind(values)
    defer { reset() }
    var rows: [Row] = []
    while let row = try step() { rows.append(row) }
    return rows
  }

  private func currentRow() -> Row {
    let values = (0..<Int32(columnNames.count)).map { column -> SQLValue in
      switch sqlite3_column_type(handle, column) {
      case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
      case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
      case SQLITE_TEXT:
        // column_text before column_bytes, as SQLite documents, so the length is of the UTF-8 form.
        guard let text = sqlite3_column_text(handle, column) else { return .text("") }
        let count = Int(sqlite3_column_bytes(handle, column))
        return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
      case SQLITE_BLOB:
        guard let bytes = sqlite3_column_blob(handle, column) else { return .blob(Data()) }
        return .blob(Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, column))))
      default: return .null
      }
    }
    return Row(columnNames: columnNames, values: values)
  }
}

@available(*, unavailable)
extension Statement: Sendable {}
