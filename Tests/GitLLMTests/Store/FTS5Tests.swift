import Foundation
import Testing
@testable import GitLLM

@Suite struct FTS5Tests {
  @Test func matchesAndRanksWithBM25() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    try db.execute("CREATE VIRTUAL TABLE chunks USING fts5(path, text, tokenize='unicode61')")
    let insert = try db.prepare("INSERT INTO chunks(path, text) VALUES (?, ?)")
    try insert.run(["a.swift", "func parse() { parse tokens parse again }"])
    try insert.run(["b.swift", "let parse = 1; other words fill this chunk out quite a lot more"])
    try insert.run(["c.swift", "nothing relevant here"])
    try insert.run(["d.md", "Ünïcödé Parse café"])
    let rows = try db.query(
      "SELECT path, bm25(chunks) AS rank FROM chunks WHERE chunks MATCH ? ORDER BY rank", ["parse"])
    #expect(rows.compactMap { $0.string("path") } == ["a.swift", "d.md", "b.swift"])
    let ranks = rows.compactMap { $0.double("rank") }
    #expect(ranks == ranks.sorted())
    #expect(ranks.allSatisfy { $0 < 0 })  // bm25 is negative: lower is better
    // unicode61 folds case and removes diacritics.
    #expect(try db.query("SELECT path FROM chunks WHERE chunks MATCH 'unicode'").first?.string(0) == "d.md")
    #expect(try db.query("SELECT path FROM chunks WHERE chunks MATCH 'cafe'").count == 1)
  }

  @Test func trigramTokenizerFindsSubstrings() throws {
    let scratch = try ScratchDirectory("store")
    let db = try Database(path: scratch("index.sqlite"))
    try db.execute("CREATE VIRTUAL TABLE grams USING fts5(text, tokenize='trigram')")
    try db.run("INSERT INTO grams(text) VALUES (?)", ["let indexedCommit = repository.head()"])
    try db.run("INSERT INTO grams(text) VALUES (?)", ["unrelated text"])
    let rows = try db.query("SELECT text FROM grams WHERE grams MATCH ?", ["xedComm"])
    #expect(rows.count == 1)
    #expect(rows.first?.string(0)?.contains("indexedCommit") == true)
  }
}
