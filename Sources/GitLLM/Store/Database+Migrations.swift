/// One numbered step of a database schema; versions start at 1 and never change once shipped.
public struct Migration: Sendable, Equatable {
  public var version: Int
  public var sql: String

  public init(version: Int, sql: String) {
    self.version = version
    self.sql = sql
  }
}

extension Database {
  /// The schema version recorded in the file (`PRAGMA user_version`); 0 for a new file.
  public var schemaVersion: Int {
    get throws { try scalar("PRAGMA user_version")?.int64.map { Int($0) } ?? 0 }
  }

  /// Applies the migrations newer than the file's schema version, in order, each in its own
  /// immediate transaction together with its new version number.
  /// - Throws: `StoreError.schemaTooNew` when the file is newer than every migration given,
  ///   `StoreError.invalidMigrations` for duplicate or non-positive versions, or the
  ///   `SQLiteError` of the failing migration (earlier ones stay applied).
  public func migrate(_ migrations: [Migration]) throws {
    let sorted = migrations.sorted { $0.version < $1.version }
    if let bad = sorted.first(where: { $0.version < 1 }) {
      throw StoreError.invalidMigrations("version \(bad.version) is not positive")
    }
    for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.version == later.version {
      throw StoreError.invalidMigrations("version \(later.version) appears twice")
    }
    let latest = sorted.last?.version ?? 0
    let current = try schemaVersion
    if current > latest {
      throw StoreError.schemaTooNew(found: current, supported: latest)
    }
    for migration in sorted where migration.version > current {
      try transaction(.immediate) {
        // Another process may have migrated while we waited for the write lock.
        guard try schemaVersion < migration.version else { return }
        try execute(migration.sql)
        try execute("PRAGMA user_version = \(migration.version)")
      }
    }
  }
}
