extension Database {
  /// Runs one statement with Swift values bound directly (`[path, blobID, lineCount]`).
  public func run(_ sql: String, _ bindings: [any SQLBindable]) throws {
    try run(sql, bindings.map(\.sqlValue))
  }

  /// Runs one statement with Swift values bound directly and returns all its rows.
  public func query(_ sql: String, _ bindings: [any SQLBindable]) throws -> [Row] {
    try query(sql, bindings.map(\.sqlValue))
  }

  /// The first column of the first row, with Swift values bound directly.
  public func scalar(_ sql: String, _ bindings: [any SQLBindable]) throws -> SQLValue? {
    try scalar(sql, bindings.map(\.sqlValue))
  }
}

extension Statement {
  /// Binds Swift values directly and runs the statement to completion.
  public func run(_ values: [any SQLBindable]) throws { try run(values.map(\.sqlValue)) }

  /// Binds Swift values directly and returns every row.
  public func query(_ values: [any SQLBindable]) throws -> [Row] { try query(values.map(\.sqlValue)) }
}
