/// A file ready to be written: its row, chunks and the terms for each chunk. Prepared off the
/// writer's thread during a full index.
struct PreparedFile: Sendable {
  var file: IndexedFile
  var chunks: [Chunk]
  var terms: [String]
  var pathTerms: String

  init(file: IndexedFile, chunks: [Chunk]) {
    self.file = file
    self.chunks = chunks
    terms = chunks.map { Terms.expansion(of: $0.text) }
    pathTerms = IndexWriter.pathTerms(file.path)
  }
}

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
      """
      INSERT OR REPLACE INTO files(path, blob_oid, language, bytes, chunk_count, first_chunk, skipped)
      VALUES(?, ?, ?, ?, ?, ?, ?)
      """)
    selectChunks = try database.prepare(
      "SELECT id, path_terms, text, terms FROM chunks WHERE id BETWEEN ? AND ?")
    selectFile = try database.prepare("SELECT blob_oid, first_chunk, chunk_count FROM files WHERE path = ?")
  }

  /// The blob id the index holds for a path.
  func blob(at path: String) throws -> String? {
    try selectFile.query([.text(path)]).first?.string(0)
  }

  /// The ids of a path's chunks.
  private func chunkRange(_ path: String) throws -> ClosedRange<Int64>? {
    guard let row = try selectFile.query([.text(path)]).first, let first = row.int64(1),
      let count = row.int64(2), count > 0
    else { return nil }
    return first...(first + count - 1)
  }

  /// Adds a file and its chunks (any earlier rows for the path must be gone).
  func insert(_ prepared: PreparedFile) throws {
    var first: Int64?
    for (chunk, terms) in zip(prepared.chunks, prepared.terms) {
      try insertChunk.run([
        .text(prepared.file.path), .integer(Int64(chunk.startLine)), .integer(Int64(chunk.endLine)),
        .text(chunk.text), .text(prepared.pathTerms), .text(terms),
      ])
      let id = database.lastInsertRowID
      if first == nil { first = id }
      try insertFTS.run([.integer(id), .text(prepared.pathTerms), .text(chunk.text), .text(terms)])
    }
    let file = prepared.file
    try upsertFile.run([
      .text(file.path), .text(file.blob), .text(file.language), .integer(Int64(file.bytes)),
      .integer(Int64(prepared.chunks.count)), first.map(SQLValue.integer) ?? .null,
      file.skipped.map(SQLValue.text) ?? .null,
    ])
  }

  /// Removes a path's file row, chunks, FTS entries and vectors.
  func delete(path: String) throws {
    if let range = try chunkRange(path) {
      try removeFTS(range)
      let bounds: [SQLValue] = [.integer(range.lowerBound), .integer(range.upperBound)]
      try database.run("DELETE FROM chunks WHERE id BETWEEN ? AND ?", bounds)
      try database.run("DELETE FROM vectors WHERE chunk_id BETWEEN ? AND ?", bounds)
    }
    try database.run("DELETE FROM files WHERE path = ?", [.text(path)])
  }

  /// Moves a file's rows to a new path (a rename with unchanged content): chunk ids, and so
  /// their vectors, survive; only the path terms are reindexed.
  func move(from old: String, to new: String) throws {
    try delete(path: new)
    if let range = try chunkRange(old) {
      try removeFTS(range)
      let bounds: [SQLValue] = [.integer(range.lowerBound), .integer(range.upperBound)]
      try database.run(
        "UPDATE chunks SET path = ?, path_terms = ? WHERE id BETWEEN ? AND ?",
        [.text(new), .text(Self.pathTerms(new))] + bounds)
      for row in try selectChunks.query(bounds) {
        try insertFTS.run([row[0], row[1], row[2], row[3]])
      }
    }
    try database.run("UPDATE files SET path = ? WHERE path = ?", [.text(new), .text(old)])
  }

  /// Empties the index (a full rebuild), in the caller's transaction.
  func clear() throws {
    try database.execute(
      """
      DELETE FROM vectors; DELETE FROM chunks; DELETE FROM files;
      INSERT INTO chunks_fts(chunks_fts) VALUES('delete-all');
      """)
  }

  private func removeFTS(_ range: ClosedRange<Int64>) throws {
    for row in try selectChunks.query([.integer(range.lowerBound), .integer(range.upperBound)]) {
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
