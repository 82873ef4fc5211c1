import Foundation

/// One SQLite value, as bound to a statement or read from a row.
public enum SQLValue: Sendable, Equatable, Hashable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob(Data)

  /// Wraps any bindable Swift value.
  public init(_ value: some SQLBindable) { self = value.sqlValue }

  public var isNull: Bool { self == .null }
}

// MARK: - Literals

extension SQLValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByStringLiteral, ExpressibleByBooleanLiteral
{
  public init(nilLiteral: ()) { self = .null }
  public init(integerLiteral value: Int64) { self = .integer(value) }
  public init(floatLiteral value: Double) { self = .real(value) }
  public init(stringLiteral value: String) { self = .text(value) }
  public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

// MARK: - Bindable Swift values

/// A Swift value that binds directly (`db.run(sql, [path, blobID, count])`); domain types such as
/// object ids conform with one line.
public protocol SQLBindable {
  var sqlValue: SQLValue { get }
}

extension SQLValue: SQLBindable {
  public var sqlValue: SQLValue { self }
}

extension String: SQLBindable {
  public var sqlValue: SQLValue { .text(self) }
}

extension Substring: SQLBindable {
  public var sqlValue: SQLValue { .text(String(self)) }
}

extension Int: SQLBindable {
  public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Int64: SQLBindable {
  public var sqlValue: SQLValue { .integer(self) }
}

extension Int32: SQLBindable {
  public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Double: SQLBindable {
  public var sqlValue: SQLValue { .real(self) }
}

extension Bool: SQLBindable {
  public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension Data: SQLBindable {
  public var sqlValue: SQLValue { .blob(self) }
}

extension Date: SQLBindable {
  /// Dates are stored as seconds since 1970 (REAL), which sorts and compares in SQL.
  public var sqlValue: SQLValue { .real(timeIntervalSince1970) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
  public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}
