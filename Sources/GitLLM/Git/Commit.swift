import CGit2
import Foundation

/// A commit's fields, copied out of libgit2.
public struct Commit: Sendable, Equatable {
  public var id: ObjectID
  public var tree: ObjectID
  public var parents: [ObjectID]
  /// The first paragraph of the message, on one line.
  public var summary: String
  public var message: String
  public var author: Signature
  public var committer: Signature
}

/// Who made a commit, and when.
public struct Signature: Sendable, Equatable, Codable {
  public var name: String
  public var email: String
  public var time: Date

  /// `Name <email>`, as git prints it.
  public var formatted: String { "\(name) <\(email)>" }

  init(_ signature: UnsafePointer<git_signature>?) {
    name = signature?.pointee.name.map { String(cString: $0) } ?? ""
    email = signature?.pointee.email.map { String(cString: $0) } ?? ""
    time = Date(timeIntervalSince1970: TimeInterval(signature?.pointee.when.time ?? 0))
  }
}

extension Repository {
  /// Resolves a revision (`HEAD`, `main~2`, a sha, a tag) to the commit it names.
  /// - Throws: `GitError` (`isNotFound`) for an unknown revision, or when it names no commit.
  public func resolve(_ revision: String) throws -> ObjectID {
    var object: OpaquePointer?
    try GitError.check(git_revparse_single(&object, handle, revision), "git_revparse_single")
    defer { git_object_free(object) }
    var commit: OpaquePointer?
    try GitError.check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "git_object_peel")
    defer { git_object_free(commit) }
    guard let id = ObjectID(git_object_id(commit)) else {
      throw GitError(code: -1, function: "git_object_id", message: "\(revision) has no id")
    }
    return id
  }

  /// Whether the commit exists here (false when never fetched, gc'd, or cut by a shallow clone).
  public func hasCommit(_ id: ObjectID) -> Bool {
    var oid = id.oid
    var commit: OpaquePointer?
    guard git_commit_lookup(&commit, handle, &oid) == 0 else { return false }
    git_commit_free(commit)
    return true
  }

  /// Reads a commit.
  /// - Throws: `GitError` (`isNotFound`) when it is missing or not a commit.
  public func commit(_ id: ObjectID) throws -> Commit {
    var oid = id.oid
    var commit: OpaquePointer?
    try GitError.check(git_commit_lookup(&commit, handle, &oid), "git_commit_lookup")
    defer { git_commit_free(commit) }
    var parents: [ObjectID] = []
    for index in 0..<git_commit_parentcount(commit) {
      if let parent = ObjectID(git_commit_parent_id(commit, index)) { parents.append(parent) }
    }
    return Commit(
      id: id,
      tree: ObjectID(git_commit_tree_id(commit)) ?? .emptyTree,
      parents: parents,
      summary: git_commit_summary(commit).map { String(cString: $0) } ?? "",
      message: git_commit_message(commit).map { String(cString: $0) } ?? "",
      author: Signature(git_commit_author(commit)),
      committer: Signature(git_commit_committer(commit)))
  }

  /// Looks up the tree of a commit (or a tree id itself); the caller frees it with `git_tree_free`.
  func lookupTree(_ id: ObjectID) throws -> OpaquePointer {
    var oid = id.oid
    var object: OpaquePointer?
    try GitError.check(
      git_object_lookup(&object, handle, &oid, GIT_OBJECT_ANY), "git_object_lookup")
    defer { git_object_free(object) }
    var tree: OpaquePointer?
    try GitError.check(git_object_peel(&tree, object, GIT_OBJECT_TREE), "git_object_peel")
    guard let tree else {
      throw GitError(code: -1, function: "git_object_peel", message: "\(id) has no tree")
    }
    return tree
  }
}
