import Foundation

/// The messages of every namespace, in `<commonDirectory>/llm/memory.sqlite`, with an FTS5 index
/// over their text. One connection; use it from one task at a time.
public final class MemoryStore {
  let database: Database

  static let migrations = [
    Migration(
      version: 1,
      sql: """
        CREATE TABLE messages (
          id INTEGER PRIMARY KEY,
          namespace TEXT NOT NULL,
          role TEXT NOT NULL,
          text TEXT NOT NULL,
          created REAL,
          source TEXT NOT NULL,
          conversation_id TEXT,
          conversation_title TEXT,
          parent_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
          external_id TEXT,
          token_count INTEGER NOT NULL,
          UNIQUE (namespace, conversation_id, external_id)
        );
        CREATE INDEX messages_by_namespace ON messages(namespace, id);
        CREATE VIRTUAL TABLE messages_fts USING fts5(
          text, content='messages', content_rowid='id',
          tokenize='porter unicode61 remove_diacritics 2');
        CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
          INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER messages_au AFTER UPDATE OF text ON messages BEGIN
          INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
          INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
        END;
        """),
    Migration(
      version: 2,
      sql: """
        CREATE TABLE history_files (path TEXT PRIMARY KEY, indexed_bytes INTEGER NOT NULL);
        CREATE TABLE history (
          id INTEGER PRIMARY KEY,
          file TEXT NOT NULL,
          line INTEGER NOT NULL,
          record_id TEXT,
          time TEXT,
          namespace TEXT,
          kind TEXT,
          command TEXT,
          text TEXT NOT NULL,
          meta TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE history_fts USING fts5(
          text, meta, content='history', content_rowid='id',
          tokenize='porter unicode61 remove_diacritics 2');
        CREATE TRIGGER history_ai AFTER INSERT ON history BEGIN
          INSERT INTO history_fts(rowid, text, meta) VALUES (new.id, new.text, new.meta);
        END;
        CREATE TRIGGER history_ad AFTER DELETE ON history BEGIN
          INSERT INTO history_fts(history_fts, rowid, text, meta)
            VALUES ('delete', old.id, old.text, old.meta);
        END;
        """),
  ]

  static var allMigrations: [Migration] { migrations + [vectorMigration] }

  /// Where a repository keeps its memory.
  public static func path(for repository: Repository) -> String {
    "\(repository.commonDirectory)/llm/memory.sqlite"
  }

  /// Opens (creating the file and its folder) and migrates the store.
  /// - Throws: `SQLiteError`/`StoreError` when the file cannot be opened or migrated.
  public init(path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    database = try Database(path: path)
    try database.migrate(Self.allMigrations)
  }

  static let columns = """
    id, namespace, role, text, created, source, conversation_id, conversation_title, parent_id,
    external_id, token_count
    """

  /// Stores a message.
  /// - Returns: the stored message with its id.
  /// - Throws: `MemoryError` for an invalid namespace or empty text, `SQLiteError` otherwise.
  @discardableResult
  public func add(_ message: NewMemoryMessage) throws -> MemoryMessage {
    try Memory.validate(namespace: message.namespace)
    guard !message.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw MemoryError.emptyMessage
    }
    let tokens = Memory.estimateTokens(message.text)
    // As read back: seconds since 1970 in a REAL.
    let created = message.created.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970) }
    try database.run(
      """
      INSERT INTO messages (namespace, role, text, created, source, conversation_id,
        conversation_title, parent_id, external_id, token_count)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        message.namespace, message.role, message.text, created, message.source,
        message.conversationID, message.conversationTitle, message.parentID, message.externalID,
        tokens,
      ] as [any SQLBindable])
    return MemoryMessage(
      id: database.lastInsertRowID, namespace: message.namespace, role: message.role,
      text: message.text, created: created, source: message.source,
      conversationID: message.conversationID, conversationTitle: message.conversationTitle,
      parentID: message.parentID, externalID: message.externalID, tokenCount: tokens)
  }

  /// The namespace's messages in the order they were stored; with `last`, only the last N.
  public func messages(namespace: String, last: Int? = nil) throws -> [MemoryMessage] {
    let rows: [Row]
    if let last {
      rows = try database.query(
        "SELECT * FROM (SELECT \(Self.columns) FROM messages WHERE namespace = ? ORDER BY id DESC LIMIT ?) ORDER BY id",
        [namespace, max(0, last)] as [any SQLBindable])
    } else {
      rows = try database.query(
        "SELECT \(Self.columns) FROM messages WHERE namespace = ? ORDER BY id", [namespace])
    }
    return rows.map(Self.message)
  }

  /// How many messages the namespace holds.
  public func count(namespace: String) throws -> Int {
    try database.scalar("SELECT count(*) FROM messages WHERE namespace = ?", [namespace])?.int64
      .map { Int($0) } ?? 0
  }

  /// Deletes the namespace's messages (the traffic history files are an audit log and stay).
  /// - Returns: how many were deleted.
  @discardableResult
  public func clear(namespace: String) throws -> Int {
    try database.transaction {
      try database.run("DELETE FROM messages WHERE namespace = ?", [namespace])
      return database.changes
    }
  }

  /// The id the next stored message will get at least (ids only grow).
  public func nextMessageID() throws -> Int64 {
    (try database.scalar("SELECT coalesce(max(id), 0) + 1 FROM messages")?.int64) ?? 1
  }

  /// Calls `body` with each of the namespace's messages from id `from` on, in pages, so a large
  /// import is walked with bounded memory.
  public func forEachMessage(namespace: String, from: Int64, _ body: (MemoryMessage) throws -> Void)
    throws
  {
    let page = try database.prepare(
      "SELECT \(Self.columns) FROM messages WHERE namespace = ? AND id >= ? ORDER BY id LIMIT 500")
    var next = from
    while true {
      let rows = try page.query([namespace, next] as [any SQLBindable])
      guard let last = rows.last else { return }
      for row in rows { try body(Self.message(row)) }
      next = (last.int64(0) ?? next) + 1
    }
  }

  static func message(_ row: Row) -> MemoryMessage {
    MemoryMessage(
      id: row.int64(0) ?? 0, namespace: row.string(1) ?? "", role: row.string(2) ?? "",
      text: row.string(3) ?? "", created: row.double(4).map { Date(timeIntervalSince1970: $0) },
      source: row.string(5) ?? "", conversationID: row.string(6), conversationTitle: row.string(7),
      parentID: row.int64(8), externalID: row.string(9), tokenCount: row.int(10) ?? 0)
  }
}

@available(*, unavailable)
extension MemoryStore: Sendable {}
