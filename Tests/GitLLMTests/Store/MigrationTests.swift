import Foundation
import Testing
@testable import GitLLM

@Suite struct MigrationTests {
  static let migrations = [
    Migration(version: 1, sql: "CREATE TABLE files(path TEXT PRIMARY KEY, blob_oid TEXT NOT NULL)"),
    Migration(version: 2, sql: "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('tokenizer', 'code')"),
  ]

  @Test func appliesOnceAndIsIdempotentOnReopen() throws {
    let scratch = try ScratchDirectory("store")
    let path = scratch("index.sqlite")
    do {
      let db = try Database(path: path)
      #expect(try db.schemaVersion == 0)
      try db.migrate(Self.migrations)
      #expect(try db.schemaVersion == 2)
    }
    let reopened = try Database(path: path)
    try reopened.migrate(Self.migrations)  // would fail on "table files already exists" if rerun
    #expect(try reopened.schemaVersion == 2)
    #expect(try reopened.scalar("SELECT count(*) FROM meta") == 1)
  }

  @Test func appliesOnlyTheNewOnesInOrder() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    try db.migrate([Self.migrations[0]])
    #expect(try db.schemaVersion == 1)
    try db.migrate(Self.migrations.reversed())
    #expect(try db.schemaVersion == 2)
    #expect(try db.scalar("SELECT value FROM meta WHERE key = 'tokenizer'") == "code")
  }

  @Test func failingMigrationRollsBackAndKeepsEarlierOnes() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    let broken = Self.migrations + [Migration(version: 3, sql: "CREATE TABLE extra(x); INSERT INTO nope VALUES (1)")]
    let error = try #require(throws: SQLiteError.self) { try db.migrate(broken) }
    #expect(error.message == "no such table: nope")
    #expect(try db.schemaVersion == 2)
    #expect(try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'extra'") == 0)
  }

  @Test func refusesADatabaseNewerThanTheCode() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    try db.execute("PRAGMA user_version = 7")
    let error = try #require(throws: StoreError.self) { try db.migrate(Self.migrations) }
    #expect(error == .schemaTooNew(found: 7, supported: 2))
    #expect(error.description.hasPrefix("schema version 7 is newer than this git-llm (2)"))
  }

  @Test func rejectsDuplicateVersions() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    #expect(throws: StoreError.invalidMigrations("version 1 appears twice")) {
      try db.migrate([Self.migrations[0], Self.migrations[0]])
    }
  }
}
