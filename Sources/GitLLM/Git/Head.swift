import CGit2

/// Where HEAD points.
public enum Head: Sendable, Equatable {
  /// On a branch (name without `refs/heads/`) at a commit.
  case branch(name: String, commit: ObjectID)
  /// Detached at a commit.
  case detached(commit: ObjectID)
  /// On a branch that has no commit yet (a fresh `git init`).
  case unborn(branch: String)

  public var commit: ObjectID? {
    switch self {
    case .branch(_, let commit), .detached(let commit): commit
    case .unborn: nil
    }
  }

  public var branchName: String? {
    switch self {
    case .branch(let name, _), .unborn(let name): name
    case .detached: nil
    }
  }
}

extension Repository {
  /// Reads HEAD.
  /// - Throws: `GitError` when HEAD is missing or points at a missing object.
  public func head() throws -> Head {
    if try GitError.check(git_repository_head_unborn(handle), "git_repository_head_unborn") == 1 {
      return .unborn(branch: try unbornBranchName())
    }
    var reference: OpaquePointer?
    try GitError.check(git_repository_head(&reference, handle), "git_repository_head")
    defer { git_reference_free(reference) }
    var object: OpaquePointer?
    try GitError.check(
      git_reference_peel(&object, reference, GIT_OBJECT_COMMIT), "git_reference_peel")
    defer { git_object_free(object) }
    guard let commit = ObjectID(git_object_id(object)) else {
      throw GitError(code: -1, function: "git_reference_peel", message: "HEAD has no commit id")
    }
    if try GitError.check(git_repository_head_detached(handle), "git_repository_head_detached") == 1
    {
      return .detached(commit: commit)
    }
    let name = git_reference_name(reference).map { String(cString: $0) } ?? "HEAD"
    return .branch(name: Repository.shortBranchName(name), commit: commit)
  }

  /// An unborn HEAD is a symbolic ref to a branch that does not exist yet.
  private func unbornBranchName() throws -> String {
    var reference: OpaquePointer?
    try GitError.check(git_reference_lookup(&reference, handle, "HEAD"), "git_reference_lookup")
    defer { git_reference_free(reference) }
    guard let target = git_reference_symbolic_target(reference) else {
      throw GitError(
        code: -1, function: "git_reference_symbolic_target", message: "HEAD is not symbolic")
    }
    return Repository.shortBranchName(String(cString: target))
  }

  static func shortBranchName(_ name: String) -> String {
    name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : name
  }
}
