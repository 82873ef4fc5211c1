import Foundation

/// One file as the index holds it.
public struct IndexedFile: Sendable, Equatable, Codable {
  public var path: String
  public var blob: String
  public var language: String
  public var bytes: Int
  public var chunkCount: Int
  /// Why the file has no chunks: `binary`, `lfs-pointer` or `too-large`; nil when indexed.
  public var skipped: String?
}

/// The index database at `<git dir>/llm/index.sqlite`: `.git/llm/index.sqlite` for the main work
/// tree, `.git/worktrees/NAME/llm/index.sqlite` for a linked worktree, which has a HEAD of its own.
public final class IndexStore {
  let database: Database
  public var path: String { database.path }

  /// Where a work tree's index lives. Each linked worktree has its own, since each has its own
  /// HEAD: one shared index would be dragged back and forth between their branches.
  public static func location(for repository: Repository) -> String {
    "\(repository.gitDirectory)/llm/index.sqlite"
  }

  /// Opens (creating and migrating) the index database.
  public init(path: String, readOnly: Bool = false) throws {
    let folder = (path as NSString).deletingLastPathComponent
    if !readOnly { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    database = try Database(path: path, readOnly: readOnly)
    if !readOnly {
      // The index is a cache of what git holds: no fsync (it costs a hook 20 ms). A killed process
      // loses nothing (WAL frames are in the OS); after a power loss an unreadable index is
      // rebuilt (`RepositoryIndex.update`).
      try database.execute("PRAGMA synchronous = OFF")
      // A bigger page cache keeps FTS5's segment merges in memory during a full index.
      try database.execute("PRAGMA cache_size = -65536")
      try database.migrate(IndexSchema.migrations)
    }
  }

  /// Removes a repository's index database (its WAL and shared-memory files too).
  static func remove(at path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
  }

  /// Whether the index database exists for a repository.
  public static func exists(for repository: Repository) -> Bool {
    FileManager.default.fileExists(atPath: location(for: repository))
  }

  func meta(_ key: String) throws -> String? {
    try database.scalar("SELECT value FROM meta WHERE key = ?", [.text(key)]).flatMap {
      if case .text(let value) = $0 { value } else { nil }
    }
  }

  func setMeta(_ key: String, _ value: String?) throws {
    if let value {
      try database.run("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", [.text(key), .text(value)])
    } else {
      try database.run("DELETE FROM meta WHERE key = ?", [.text(key)])
    }
  }

  /// The commit the index reflects; nil before the first run or while a full index is unfinished.
  public func indexedCommit() throws -> ObjectID? {
    try meta(IndexMeta.indexedCommit).flatMap(ObjectID.init(hex:))
  }

  /// Commits an interrupted run was moving to (their paths are rechecked next time).
  func targetCommits() throws -> [String] {
    (try meta(IndexMeta.targetCommit) ?? "").split(separator: " ").map(String.init)
  }

  /// Every indexed file, sorted by path.
  public func files() throws -> [IndexedFile] {
    try database.query(
      "SELECT path, blob_oid, language, bytes, chunk_count, skipped FROM files ORDER BY path"
    ).map { row in
      IndexedFile(
        path: row.string(0) ?? "", blob: row.string(1) ?? "", language: row.string(2) ?? "",
        bytes: row.int(3) ?? 0, chunkCount: row.int(4) ?? 0, skipped: row.string(5))
    }
  }

  public func chunkCount() throws -> Int {
    try database.scalar("SELECT count(*) FROM chunks").flatMap {
      if case .integer(let count) = $0 { Int(count) } else { nil }
    } ?? 0
  }
}
