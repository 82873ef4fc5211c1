/// Row-level changes to the index with prepared statements; the caller owns the transaction.
/// FTS5 rows are added and deleted by hand because the table is external-content.
final class IndexWriter {
  private let database: Database
  private let insertChunk: Statement
  private let insertFTS: Statement
  private let deleteFTS: Statement
  private let upsertFile: Statement
  private let selectChunks: Statement
  private let selectFile: Statement

  init(database: Database) throws {
    self.database = database
    insertChunk = try database.prepare(
      "INSERT INTO chunks(path, start_line, end_line, text, path_terms, terms) VALUES(?, ?, ?, ?, ?, ?)")
    insertFTS = try database.prepare(
      "INSERT INTO chunks_fts(rowid, path_terms, text, terms) VALUES(?, ?, ?, ?)")
    deleteFTS = try database.prepare(
      "INSERT INTO chunks_fts(chunks_fts, rowid, path_terms, text, terms) VALUES('delete', ?, ?, ?, ?)")
    upsertFile = try database.prepare(
      "INSERT OR REPLACE INTO files(path, blob_oid, language, bytes, chunk_count, skipped) VALUES(?, ?, ?, ?, ?, ?)")
    selectChunks = try database.prepare("SELECT id, path_terms, text, terms FROM chunks WHERE path = ?")
    selectFile = try database.prepare("SELECT blob_oid FROM files WHERE path = ?")
  }

  /// The blob id the index holds for a path.
  func blob(at path: String) throws -> String? {
    try selectFile.query([.text(path)]).first?.string(0)
  }

  /// Adds a file and its chunks (any earlier rows for the path must be gone).
  func insert(_ file: IndexedFile, chunks: [Chunk]) throws {
    let pathTerms = Self.pathTerms(file.path)
    for chunk in chunks {
      let terms = Terms.expansion(of: chunk.text)
      try insertChunk.run([
        .text(file.path), .integer(Int64(chunk.startLine)), .integer(Int64(chunk.endLine)),
        .text(chunk.text), .text(pathTerms), .text(terms),
      ])
      try insertFTS.run([.integer(database.lastInsertRowID), .text(pathTerms), .text(chunk.text), .text(terms)])
    }
    var file = file
    file.chunkCount = chunks.count
    try upsertFile.run([
      .text(file.path), .text(file.blob), .text(file.language), .integer(Int64(file.bytes)),
      .integer(Int64(file.chunkCount)), file.skipped.map(SQLValue.text) ?? .null,
    ])
  }

  /// Removes a path's file row, chunks, FTS entries and vectors.
  func delete(path: String) throws {
    try removeFTS(path: path)
    try database.run("DELETE FROM chunks WHERE path = ?", [.text(path)])
    try database.run("DELETE FROM files WHERE path = ?", [.text(path)])
  }

  /// Moves a file's rows to a new path (a rename with unchanged content): chunk ids, and so
  /// their vectors, survive; only the path terms are reindexed.
  func move(from old: String, to new: String) throws {
    try removeFTS(path: old)
    let pathTerms = Self.pathTerms(new)
    try database.run(
      "UPDATE chunks SET path = ?, path_terms = ? WHERE path = ?", [.text(new), .text(pathTerms), .text(old)])
    try database.run("DELETE FROM files WHERE path = ?", [.text(new)])
    try database.run("UPDATE files SET path = ? WHERE path = ?", [.text(new), .text(old)])
    for row in try selectChunks.query([.text(new)]) {
      try insertFTS.run([row[0], row[1], row[2], row[3]])
    }
  }

  /// Empties the index (a full rebuild), in the caller's transaction.
  func clear() throws {
    try database.execute(
      """
      DELETE FROM vectors; DELETE FROM chunks; DELETE FROM files;
      INSERT INTO chunks_fts(chunks_fts) VALUES('delete-all');
      """)
  }

  private func removeFTS(path: String) throws {
    for row in try selectChunks.query([.text(path)]) {
      try deleteFTS.run([row[0], row[1], row[2], row[3]])
    }
  }

  /// The path and the parts of its folder and file names, for the path column.
  static func pathTerms(_ path: String) -> String {
    var terms = [path]
    for component in path.split(separator: "/") {
      let stem = String(component.split(separator: ".").first ?? component)
      terms.append(contentsOf: Terms.parts(of: stem))
    }
    return terms.joined(separator: " ")
  }
}
