import CSQLite
import Foundation

/// The index commands' logic: what `git llm index`, `index --status` and the hooks do.
public enum RepositoryIndex {
  /// Include rules from settings (`index.ext`, `index.ignore`, `index.maxFileBytes`).
  public static func rules(from settings: Settings) -> IncludeRules {
    let ext = settings.list("index.ext")
    let ignore = settings["index.ignore"] == nil ? IncludeRules.defaultIgnore : settings.list("index.ignore")
    return IncludeRules(
      extensions: ext.isEmpty ? IncludeRules.defaultExtensions : ext, ignore: ignore,
      maxFileBytes: settings.int("index.maxFileBytes") ?? IncludeRules.defaultMaxFileBytes)
  }

  /// Takes the lock and brings the index to HEAD.
  /// - Throws: `IndexError.locked` when another writer keeps the lock past `lockTimeout`.
  public static func update(
    repository: Repository, rules: IncludeRules, full: Bool = false, lockTimeout: Duration? = .seconds(60),
    deadline: ContinuousClock.Instant? = nil
  ) throws -> IndexReport {
    let lock = try IndexLock(path: IndexLock.location(for: repository), timeout: lockTimeout)
    let options = IndexOptions(rules: rules, full: full, deadline: deadline)
    let path = IndexStore.location(for: repository)
    let report = try withExtendedLifetime(lock) {
      do {
        return try Indexer(repository: repository, store: IndexStore(path: path)).run(options)
      } catch let error as SQLiteError where [SQLITE_CORRUPT, SQLITE_NOTADB].contains(error.code) {
        // Not a database, or damaged (a power loss without fsync): rebuild it from git.
        IndexStore.remove(at: path)
        var report = try Indexer(repository: repository, store: IndexStore(path: path)).run(options)
        report.reason = "the index database was unreadable (\(error.message))"
        return report
      }
    }
    return report
  }

  /// Embeds chunks that have no vector yet, under the lock; nil when embeddings are off.
  public static func updateVectors(
    repository: Repository, client: EmbeddingsClient?, lockTimeout: Duration? = .seconds(60),
    deadline: ContinuousClock.Instant? = nil
  ) async throws -> EmbeddingReport? {
    guard let client else { return nil }
    let lock = try IndexLock(path: IndexLock.location(for: repository), timeout: lockTimeout)
    defer { withExtendedLifetime(lock) {} }
    let store = try IndexStore(path: IndexStore.location(for: repository))
    return try await VectorIndex(store: store).update(client: client, deadline: deadline)
  }

  /// The index's state against HEAD.
  public static func status(repository: Repository) throws -> IndexStatus {
    guard IndexStore.exists(for: repository) else { throw IndexError.notIndexed }
    let store = try IndexStore(path: IndexStore.location(for: repository))
    let head = try repository.head().commit?.hex
    let indexed = try store.indexedCommit()?.hex
    let unfinished = try store.targetCommits()
    return IndexStatus(
      indexedCommit: indexed, head: head, fresh: indexed == head && unfinished.isEmpty,
      files: try store.files(), chunks: try store.chunkCount(),
      rules: try store.meta(IndexMeta.rules))
  }

  /// Opens the index for reading queries.
  /// - Throws: `IndexError.notIndexed` when there is none.
  public static func open(repository: Repository) throws -> IndexStore {
    guard IndexStore.exists(for: repository) else { throw IndexError.notIndexed }
    return try IndexStore(path: IndexStore.location(for: repository))
  }
}

/// `git llm index --status`.
public struct IndexStatus: Sendable, Equatable, Codable {
  public var indexedCommit: String?
  public var head: String?
  /// The index reflects HEAD and no run was left unfinished.
  public var fresh: Bool
  public var files: [IndexedFile]
  public var chunks: Int
  public var rules: String?
}
