import Foundation

/// A traffic-log record found by `git llm log search`.
public struct HistoryHit: Sendable, Equatable, Codable {
  /// The history file, relative to the history folder, and the record's line (1-based).
  public var file: String
  public var line: Int
  public var recordID: String?
  public var time: String?
  public var namespace: String?
  public var kind: String?
  public var command: String?
  /// The matching passage, matches marked with `[` and `]`.
  public var snippet: String
  public var score: Double

  enum CodingKeys: String, CodingKey {
    case file, line, time, namespace, kind, command, snippet, score
    case recordID = "id"
  }
}

/// An FTS5 index over the traffic history (`*.jsonl` files, one JSON record a line), kept in the
/// memory store and brought up to date before each search. History files are append-only, so each
/// file is read from where the last refresh stopped; a file that shrank is indexed again.
public struct HistorySearch {
  let store: MemoryStore
  /// The history folder (`log.dir`).
  public let directory: String
  /// The longest record line indexed; a longer one is skipped (16 MiB by default).
  public var maxLineBytes: Int

  public init(store: MemoryStore, directory: String, maxLineBytes: Int = 16 << 20) {
    self.store = store
    self.directory = directory
    self.maxLineBytes = maxLineBytes
  }

  /// Indexes the records appended since the last refresh.
  /// - Returns: how many records were added.
  /// - Throws: `SQLiteError`, or `MemoryError.unreadable` for a history file that cannot be read.
  @discardableResult
  public func refresh() throws -> Int {
    let database = store.database
    let files = Self.historyFiles(in: directory)
    return try database.transaction {
      var known: [String: Int] = [:]
      for row in try database.query("SELECT path, indexed_bytes FROM history_files") {
        known[row.string(0) ?? ""] = row.int(1) ?? 0
      }
      for gone in Set(known.keys).subtracting(files) {
        try forget(gone)
      }
      var added = 0
      for file in files {
        var start = known[file] ?? 0
        let size = Self.size(of: "\(directory)/\(file)")
        if size < start {
          try forget(file)
          start = 0
        }
        guard size > start else { continue }
        let firstLine =
          try database.scalar("SELECT coalesce(max(line), 0) FROM history WHERE file = ?", [file])?
          .int64.map { Int($0) } ?? 0
        let (records, end) = try index(
          file: file, from: start, firstLine: start == 0 ? 0 : firstLine)
        added += records
        try database.run(
          "INSERT INTO history_files (path, indexed_bytes) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET indexed_bytes = excluded.indexed_bytes",
          [file, end] as [any SQLBindable])
      }
      return added
    }
  }

  /// Refreshes, then returns the records best matching `query` (all its words first; any of
  /// them when no record has all), newest first among equals.
  public func search(
    _ query: String, limit: Int = 20, namespace: String? = nil, kind: String? = nil
  ) throws -> [HistoryHit] {
    try refresh()
    let words = FullTextQuery.words(query)
    guard !words.isEmpty else { return [] }
    let quoted = words.map { "\"\($0)\"" }
    var hits = try run(quoted.joined(separator: " AND "), limit, namespace, kind)
    if hits.isEmpty && quoted.count > 1 {
      hits = try run(quoted.joined(separator: " OR "), limit, namespace, kind)
    }
    return hits
  }

  private func run(_ match: String, _ limit: Int, _ namespace: String?, _ kind: String?) throws
    -> [HistoryHit]
  {
    let rows = try store.database.query(
      """
      SELECT h.file, h.line, h.record_id, h.time, h.namespace, h.kind, h.command,
        snippet(history_fts, -1, '[', ']', '…', 16), bm25(history_fts) AS score
      FROM history_fts JOIN history h ON h.id = history_fts.rowid
      WHERE history_fts MATCH ? AND (?2 IS NULL OR h.namespace = ?2) AND (?3 IS NULL OR h.kind = ?3)
      ORDER BY score, h.time DESC LIMIT ?4
      """, [match, namespace, kind, max(1, limit)] as [any SQLBindable])
    return rows.map { row in
      HistoryHit(
        file: row.string(0) ?? "", line: row.int(1) ?? 0, recordID: row.string(2),
        time: row.string(3), namespace: row.string(4), kind: row.string(5),
        command: row.string(6), snippet: row.string(7) ?? "", score: row.double(8) ?? 0)
    }
  }

  private func forget(_ file: String) throws {
    try store.database.run("DELETE FROM history WHERE file = ?", [file])
    try store.database.run("DELETE FROM history_files WHERE path = ?", [file])
  }

  static func size(of path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
  }

  /// The `*.jsonl` files under the folder, relative paths, sorted.
  static func historyFiles(in directory: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
    var files: [String] = []
    while let relative = walker.nextObject() as? String {
      if relative.hasSuffix(".jsonl") { files.append(relative) }
    }
    return files.sorted()
  }
}

@available(*, unavailable)
extension HistorySearch: Sendable {}
