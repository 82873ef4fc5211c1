import Foundation
import Testing
@testable import GitLLM

@Suite struct TransactionTests {
  struct Boom: Error {}

  private func makeDatabase(_ scratch: ScratchDirectory) throws -> Database {
    let db = try Database(path: scratch("index.sqlite"))
    try db.execute("CREATE TABLE t(x INTEGER)")
    return db
  }

  @Test func commitsWhenTheBodyReturns() throws {
    let scratch = try ScratchDirectory("store")
    let db = try makeDatabase(scratch)
    let count = try db.transaction {
      try db.run("INSERT INTO t VALUES (1)")
      return try db.scalar("SELECT count(*) FROM t")
    }
    #expect(count == 1)
    #expect(!db.isInTransaction)
    // A second connection sees the committed row.
    #expect(try Database(path: db.path).scalar("SELECT count(*) FROM t") == 1)
  }

  @Test func rollsBackWhenTheBodyThrows() throws {
    let scratch = try ScratchDirectory("store")
    let db = try makeDatabase(scratch)
    #expect(throws: Boom.self) {
      try db.transaction(.deferred) {
        try db.run("INSERT INTO t VALUES (1)")
        throw Boom()
      }
    }
    #expect(!db.isInTransaction)
    #expect(try db.scalar("SELECT count(*) FROM t") == 0)
  }

  @Test func nestedTransactionsBecomeSavepoints() throws {
    let scratch = try ScratchDirectory("store")
    let db = try makeDatabase(scratch)
    try db.transaction(.exclusive) {
      try db.run("INSERT INTO t VALUES (1)")
      try? db.transaction {
        try db.run("INSERT INTO t VALUES (2)")
        throw Boom()
      }
      try db.transaction {
        try db.run("INSERT INTO t VALUES (3)")
        try db.transaction { try db.run("INSERT INTO t VALUES (4)") }
      }
    }
    let values = try db.query("SELECT x FROM t ORDER BY x").compactMap { $0.int(0) }
    #expect(values == [1, 3, 4])
  }

  @Test func waitsForAnotherWriterUpToTheBusyTimeout() throws {
    let scratch = try ScratchDirectory("store")
    let path = scratch("index.sqlite")
    _ = try makeDatabase(scratch)
    let locked = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)
    // The holder owns its own connection on its own thread, as a second process would.
    let holder = Thread {
      defer { finished.signal() }
      guard let other = try? Database(path: path) else { locked.signal(); return }
      try? other.transaction(.immediate) {
        try other.run("INSERT INTO t VALUES (1)")
        locked.signal()
        Thread.sleep(forTimeInterval: 0.6)
      }
    }
    holder.start()
    locked.wait()

    let impatient = try Database(path: path, busyTimeout: .milliseconds(50))
    let busy = try #require(throws: SQLiteError.self) {
      try impatient.transaction(.immediate) { try impatient.run("INSERT INTO t VALUES (2)") }
    }
    #expect(busy.isBusy)
    #expect(busy.message.contains("locked"))

    let patient = try Database(path: path, busyTimeout: .seconds(10))
    let start = ContinuousClock.now
    try patient.transaction(.immediate) { try patient.run("INSERT INTO t VALUES (3)") }
    #expect(ContinuousClock.now - start > .milliseconds(200))
    finished.wait()
    let values = try patient.query("SELECT x FROM t ORDER BY x").compactMap { $0.int(0) }
    #expect(values == [1, 3])
  }
}
