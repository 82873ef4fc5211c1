/// The index database's layout. FTS5 keeps no copy of the text: it is an external-content table
/// over `chunks`, maintained by the writer (no triggers, so a full rebuild can clear it in one
/// statement). A file's chunks have consecutive ids (`files.first_chunk` + `chunk_count`), which
/// saves an index on `chunks.path` (a tenth of a full index's time). `vectors` has no foreign key:
/// the writer deletes a chunk's vector with it, and `DELETE FROM chunks` stays a fast truncate. The tokenizer keeps `_` inside tokens so a snake_case identifier is one token
/// (its parts come from the `terms` column); unicode61 lowercases and folds diacritics.
enum IndexSchema {
  static let version = 1
  static let tokenizer = "unicode61 remove_diacritics 2 tokenchars '_'"

  static let migrations: [Migration] = [
    Migration(
      version: 1,
      sql: """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE files(
          path TEXT PRIMARY KEY,
          blob_oid TEXT NOT NULL,
          language TEXT NOT NULL,
          bytes INTEGER NOT NULL,
          chunk_count INTEGER NOT NULL,
          first_chunk INTEGER,
          skipped TEXT
        ) WITHOUT ROWID;
        CREATE TABLE chunks(
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL,
          start_line INTEGER NOT NULL,
          end_line INTEGER NOT NULL,
          text TEXT NOT NULL,
          path_terms TEXT NOT NULL,
          terms TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE chunks_fts USING fts5(
          path_terms, text, terms, content='chunks', content_rowid='id',
          tokenize="\(tokenizer)"
        );
        CREATE TABLE vectors(
          chunk_id INTEGER PRIMARY KEY,
          model TEXT NOT NULL,
          dim INTEGER NOT NULL,
          data BLOB NOT NULL
        );
        CREATE TABLE embedding_cache(
          hash TEXT NOT NULL,
          model TEXT NOT NULL,
          dim INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY(hash, model)
        ) WITHOUT ROWID;
        """)
  ]

  /// BM25 column weights: path terms, text, identifier parts.
  static let bm25Weights = (path: 4.0, text: 1.0, terms: 0.6)
}

/// Keys of the `meta` table.
enum IndexMeta {
  static let indexedCommit = "indexed_commit"
  /// The commit an unfinished run was moving to; its paths are rechecked by the next run.
  static let targetCommit = "target_commit"
  static let schemaVersion = "schema_version"
  static let tokenizer = "tokenizer"
  static let rules = "rules"
  /// Written as the base of a full index, meaning "from the empty tree".
  static let emptyBase = "empty"
}
