import CGit2
import Foundation

/// A deterministic share of the stubs for one of N CI runners.
public struct Shard: Sendable, Equatable {
  public var index: Int
  public var count: Int

  /// Parses `K/N` (1-based K).
  /// - Throws: `FillError.badShard`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, k >= 1, k <= n else {
      throw FillError.badShard(text)
    }
    index = k
    count = n
  }

  /// The stubs of this shard: every Nth of the path-sorted list, starting at the Kth.
  public func select(_ stubs: [Stub]) -> [Stub] {
    stubs.sorted { $0.path < $1.path }.enumerated()
      .filter { $0.offset % count == index - 1 }.map(\.element)
  }
}

extension Repository {
  /// The best common ancestor of two commits (`git merge-base`).
  /// - Throws: `GitError` when they share no history.
  public func mergeBase(_ one: ObjectID, _ two: ObjectID) throws -> ObjectID {
    var out = git_oid()
    var a = one.oid
    var b = two.oid
    try GitError.check(git_merge_base(&out, handle, &a, &b), "git_merge_base")
    return ObjectID(out)
  }
}

/// Which stubs a fill run works on.
public enum StubSelection: Sendable, Equatable {
  /// Every tracked stub.
  case all
  /// Stubs added or changed between the merge base of REV and HEAD, and HEAD.
  case changedSince(String)
  /// These repository-relative paths, each required to be a stub.
  case paths([String])

  /// Resolves the selection to stubs in the repository's work tree.
  /// - Throws: `FillError` for bad input, `GitError` from the repository.
  public func stubs(in repository: Repository) throws -> [Stub] {
    guard let root = repository.workingDirectory else { throw FillError.bareRepository }
    let tracked = try repository.indexEntries().map(\.path)
    let discovery = StubDiscovery(root: root, trackedPaths: tracked)
    switch self {
    case .all:
      return try discovery.stubs(among: tracked)
    case .paths(let paths):
      return try Set(paths).sorted().map { try discovery.stub(at: $0) }
    case .changedSince(let revision):
      let head: ObjectID
      let base: ObjectID
      do {
        head = try repository.resolve("HEAD")
        base = try repository.mergeBase(try repository.resolve(revision), head)
      } catch let error as GitError {
        throw FillError.unknownRevision(revision, error.message)
      }
      let changed = try repository.diff(from: base, to: head)
        .filter { $0.status != .deleted }.compactMap(\.newPath)
      return try discovery.stubs(among: changed)
    }
  }
}
