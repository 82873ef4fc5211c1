import Foundation

/// One result row, copied out of SQLite so it can outlive its statement and cross tasks.
public struct Row: Sendable, Equatable {
  /// The result's column names, in order.
  public let columnNames: [String]
  /// The row's values, in column order.
  public let values: [SQLValue]

  public init(columnNames: [String], values: [SQLValue]) {
    self.columnNames = columnNames
    self.values = values
  }

  public var count: Int { values.count }

  /// The value of column `i` (0-based).
  public subscript(i: Int) -> SQLValue { values[i] }

  /// The value of the first column named `name` (case-insensitive, as SQL is), or nil when the
  /// result has no such column.
  public subscript(name: String) -> SQLValue? {
    index(of: name).map { values[$0] }
  }

  func index(of name: String) -> Int? {
    columnNames.firstIndex(of: name)
      ?? columnNames.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
  }

  // MARK: - Typed reads by position

  /// Text as stored; a blob is decoded as UTF-8 (invalid bytes replaced); numbers are not text.
  public func string(_ i: Int) -> String? { values[i].string }
  /// An integer; a real converts only when it is a whole number.
  public func int(_ i: Int) -> Int? { values[i].int64.flatMap { Int(exactly: $0) } }
  public func int64(_ i: Int) -> Int64? { values[i].int64 }
  /// A real or an integer as Double.
  public func double(_ i: Int) -> Double? { values[i].double }
  /// A blob as stored; text as its UTF-8 bytes.
  public func data(_ i: Int) -> Data? { values[i].data }
  /// An integer read as a boolean (0 is false).
  public func bool(_ i: Int) -> Bool? { values[i].int64.map { $0 != 0 } }

  // MARK: - Typed reads by name

  public func string(_ name: String) -> String? { self[name]?.string }
  public func int(_ name: String) -> Int? { self[name]?.int64.flatMap { Int(exactly: $0) } }
  public func int64(_ name: String) -> Int64? { self[name]?.int64 }
  public func double(_ name: String) -> Double? { self[name]?.double }
  public func data(_ name: String) -> Data? { self[name]?.data }
  public func bool(_ name: String) -> Bool? { self[name]?.int64.map { $0 != 0 } }
}

extension SQLValue {
  /// Text as stored, a blob decoded lossily as UTF-8, nil otherwise.
  public var string: String? {
    switch self {
    case .text(let text): text
    case .blob(let data): String(decoding: data, as: UTF8.self)
    default: nil
    }
  }

  /// An integer, or a real that is a whole number.
  public var int64: Int64? {
    switch self {
    case .integer(let value): value
    case .real(let value): Int64(exactly: value)
    default: nil
    }
  }

  public var double: Double? {
    switch self {
    case .integer(let value): Double(value)
    case .real(let value): value
    default: nil
    }
  }

  public var data: Data? {
    switch self {
    case .blob(let data): data
    case .text(let text): Data(text.utf8)
    default: nil
    }
  }
}
