import CSQLite

/// How a transaction takes its lock (SQLite's BEGIN DEFERRED, IMMEDIATE or EXCLUSIVE).
public enum TransactionKind: String, Sendable {
  /// Takes locks only when the first read or write needs them.
  case deferred = "DEFERRED"
  /// Takes the write lock at once, so a writer never fails half-way with SQLITE_BUSY.
  case immediate = "IMMEDIATE"
  /// Like immediate; in WAL mode readers are still allowed.
  case exclusive = "EXCLUSIVE"
}

extension Database {
  /// Runs `body` in a transaction, committing when it returns and rolling back when it throws.
  /// Inside another transaction it becomes a savepoint, so only its own changes roll back.
  /// - Throws: whatever `body` throws (after the rollback), or `SQLiteError` from BEGIN/COMMIT.
  public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
    if isInTransaction {
      return try savepoint(body)
    }
    try execute("BEGIN \(kind.rawValue) TRANSACTION")
    let result: T
    do {
      result = try body()
    } catch {
      rollbackQuietly("ROLLBACK")
      throw error
    }
    do {
      try execute("COMMIT")
    } catch {
      // A failed COMMIT (SQLITE_BUSY, I/O) may leave the transaction open; end it.
      rollbackQuietly("ROLLBACK")
      throw error
    }
    return result
  }

  private func savepoint<T>(_ body: () throws -> T) throws -> T {
    savepointDepth += 1
    defer { savepointDepth -= 1 }
    let name = "gitllm_sp\(savepointDepth)"
    try execute("SAVEPOINT \(name)")
    let result: T
    do {
      result = try body()
    } catch {
      rollbackQuietly("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
      throw error
    }
    try execute("RELEASE SAVEPOINT \(name)")
    return result
  }

  /// Rolls back, keeping the caller's error as the one reported: SQLite may already have rolled
  /// the transaction back itself (after SQLITE_FULL, SQLITE_IOERR…), and then ROLLBACK fails.
  private func rollbackQuietly(_ sql: String) {
    if isInTransaction { try? execute(sql) }
  }
}
