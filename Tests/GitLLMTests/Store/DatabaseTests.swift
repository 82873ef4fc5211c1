import Foundation
import Testing
@testable import GitLLM

@Suite struct DatabaseTests {
  @Test func opensInWALModeWithForeignKeysAndNormalSync() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    #expect(try db.scalar("PRAGMA journal_mode") == .text("wal"))
    #expect(try db.scalar("PRAGMA foreign_keys") == .integer(1))
    #expect(try db.scalar("PRAGMA synchronous") == .integer(1))  // NORMAL
    try db.execute("CREATE TABLE t(x)")
    #expect(scratch.exists("index.sqlite-wal"))
  }

  @Test func failedStatementCarriesSQLitesMessageAndTheSQL() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    try db.execute("CREATE TABLE files(path TEXT PRIMARY KEY)")
    let insert = "INSERT INTO files(path) VALUES (?)"
    try db.run(insert, ["a.swift"])
    let error = try #require(throws: SQLiteError.self) { try db.run(insert, ["a.swift"]) }
    #expect(error.code == 19)
    #expect(error.extendedCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
    #expect(error.isConstraintViolation)
    #expect(error.message == "UNIQUE constraint failed: files.path")
    #expect(error.sql == insert)
    #expect(error.description == "SQLite error 19 (1555): UNIQUE constraint failed: files.path - while executing `\(insert)`")

    let syntax = try #require(throws: SQLiteError.self) { try db.query("SELEC 1") }
    #expect(syntax.message.contains("syntax error"))
    #expect(syntax.description.contains("`SELEC 1`"))
    let script = try #require(throws: SQLiteError.self) { try db.execute("CREATE TABLE ok(x); DROP TABLE nope") }
    #expect(script.message == "no such table: nope")
  }

  @Test func openFailureReportsSQLitesMessage() throws {
    let scratch = try ScratchDirectory("store")
    let error = try #require(throws: SQLiteError.self) {
      try Database(path: scratch("missing/dir/index.sqlite"))
    }
    #expect(error.code == 14)  // SQLITE_CANTOPEN
    #expect(error.message.contains("unable to open database file"))
    #expect(error.message.contains("missing/dir/index.sqlite"))
  }

  @Test func valuesRoundTripWithTheirTypes() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    try db.execute("CREATE TABLE v(i INTEGER, r REAL, t TEXT, b BLOB, n)")
    let blob = Data([0, 1, 2, 255])
    try db.run("INSERT INTO v VALUES (?, ?, ?, ?, ?)",
               [.integer(Int64.max), 2.5, "héllo\u{0}wörld 🎉", .blob(blob), nil])
    try db.run("INSERT INTO v VALUES (?, ?, ?, ?, ?)",
               [SQLValue(42), SQLValue(true), SQLValue(""), .blob(Data()), SQLValue(Optional<String>.none)])
    let rows = try db.query("SELECT i, r, t, b, n FROM v ORDER BY rowid")
    #expect(rows.count == 2)
    #expect(rows[0].columnNames == ["i", "r", "t", "b", "n"])
    #expect(rows[0].int64(0) == Int64.max)
    #expect(rows[0].double("r") == 2.5)
    #expect(rows[0].string("T") == "héllo\u{0}wörld 🎉")
    #expect(rows[0].data(3) == blob)
    #expect(rows[0][4] == .null)
    #expect(rows[0]["nope"] == nil)
    #expect(rows[1].int("i") == 42)
    #expect(rows[1].bool(1) == true)
    #expect(rows[1][2] == .text(""))  // empty text stays text, not NULL
    #expect(rows[1][3] == .blob(Data()))
    #expect(try db.scalar("SELECT count(*) FROM v WHERE n IS NULL") == 2)
    #expect(try db.scalar("SELECT i FROM v WHERE 0") == nil)
  }

  @Test func invalidUTF8TextDecodesLossily() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    let text = try #require(try db.scalar("SELECT CAST(x'61ff62' AS TEXT)"))
    #expect(text.string == "a\u{FFFD}b")
  }

  @Test func preparedStatementRunsRepeatedlyAndTracksRowIDs() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    try db.execute("CREATE TABLE chunks(id INTEGER PRIMARY KEY, path TEXT, line INTEGER)")
    let insert = try db.prepare("INSERT INTO chunks(path, line) VALUES (?, ?)")
    for line in 1...5 {
      try insert.run([SQLValue("a.swift"), SQLValue(line)])
      #expect(db.lastInsertRowID == Int64(line))
    }
    #expect(throws: SQLiteError.self) { try insert.run(["only one"]) }
    try db.run("UPDATE chunks SET line = line + 1 WHERE line > ?", [3])
    #expect(db.changes == 2)
    let select = try db.prepare("SELECT line FROM chunks WHERE path = ? ORDER BY line")
    #expect(try select.query(["a.swift"]).compactMap { $0.int(0) } == [1, 2, 3, 5, 6])
    #expect(try select.query(["b.swift"]).isEmpty)
    #expect(throws: SQLiteError.self) { try db.run("SELECT 1; SELECT 2") }
  }

  @Test func swiftValuesBindDirectly() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    try db.execute("CREATE TABLE files(path TEXT, bytes INTEGER, ratio REAL, seen INTEGER, note TEXT)")
    let path = "Sources/a.swift"
    let bytes = 120
    let note: String? = nil
    try db.run("INSERT INTO files VALUES (?, ?, ?, ?, ?)", [path, bytes, 0.5, true, note])
    try db.run("INSERT INTO files VALUES (?, ?, ?, ?, ?)", ["b.swift", 7, nil, false, "literal"])
    let insert = try db.prepare("INSERT INTO files VALUES (?, ?, ?, ?, ?)")
    try insert.run([path[...], Int64(3), Double(1), false, Optional("x")])
    let rows = try db.query("SELECT bytes, ratio, seen, note FROM files WHERE path = ? ORDER BY bytes", [path])
    #expect(rows.map { $0.values } == [[3, 1.0, 0, "x"], [120, 0.5, 1, nil]])
    #expect(try db.scalar("SELECT count(*) FROM files WHERE bytes > ?", [bytes - 200]) == 3)
  }
}
