import CGit2
import Foundation

/// A git repository opened with libgit2. Use it from one task at a time.
public final class Repository {
  let handle: OpaquePointer  // git_repository *
  /// `GIT_INDEX_FILE`, absolute: the index git hands its hooks (a temporary one during
  /// `git commit -a` or `git commit PATH`), used instead of `<gitdir>/index`.
  let indexFile: String?

  /// Finds the repository containing `path` (a work tree, any folder inside it, a linked
  /// worktree or a bare repository), walking up the folders as git does. Like git, it uses the
  /// index named by `GIT_INDEX_FILE` in `environment` when set (git sets it for hooks).
  /// - Throws: `GitError` (`isNotFound`) when no folder up to the root is a repository.
  public static func discover(
    from path: String = ".",
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> Repository {
    _ = LibGit2.ready
    var buffer = git_buf()
    defer { git_buf_dispose(&buffer) }
    let code = git_repository_discover(&buffer, path, 0, nil)
    if code == GIT_ENOTFOUND.rawValue {
      let detail = GitError(code: code, function: "git_repository_discover").message
      throw GitError(
        code: code, function: "git_repository_discover",
        message: "not a git repository (or any of the parent directories): \(path) (\(detail))")
    }
    try GitError.check(code, "git_repository_discover")
    guard let found = buffer.ptr else {
      throw GitError(code: -1, function: "git_repository_discover", message: "no path returned")
    }
    return try Repository(path: String(cString: found), environment: environment)
  }

  /// Opens the repository at exactly `path`: a work tree's top folder or a git directory;
  /// `GIT_INDEX_FILE` in `environment` is honoured as in `discover(from:environment:)`.
  /// - Throws: `GitError` when `path` is not a repository.
  public init(
    path: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws {
    _ = LibGit2.ready
    var handle: OpaquePointer?
    try GitError.check(git_repository_open(&handle, path), "git_repository_open")
    guard let handle else {
      throw GitError(code: -1, function: "git_repository_open", message: "no repository returned")
    }
    self.handle = handle
    // A relative GIT_INDEX_FILE is relative to where git started us (hooks run at the top of
    // the work tree), which is our current directory.
    indexFile = environment["GIT_INDEX_FILE"].flatMap { $0.isEmpty ? nil : $0 }.map {
      $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0
    }
  }

  deinit { git_repository_free(handle) }

  /// The repository's own git directory; for a linked worktree, its folder under `worktrees/`.
  public var gitDirectory: String { Repository.trimmed(git_repository_path(handle)) ?? "" }

  /// The git directory shared by all worktrees (objects, refs, config, hooks).
  public var commonDirectory: String { Repository.trimmed(git_repository_commondir(handle)) ?? "" }

  /// The top folder of the work tree, or nil for a bare repository.
  public var workingDirectory: String? { Repository.trimmed(git_repository_workdir(handle)) }

  public var isBare: Bool { git_repository_is_bare(handle) == 1 }

  /// Whether this is a shallow clone, whose history stops at a grafted commit.
  public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

  /// Whether this is a linked worktree (made with `git worktree add`).
  public var isWorktree: Bool { git_repository_is_worktree(handle) == 1 }

  /// libgit2 reports folders with a trailing slash; we never do.
  static func trimmed(_ cPath: UnsafePointer<CChar>?) -> String? {
    guard let cPath else { return nil }
    var path = String(cString: cPath)
    while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
    return path
  }
}

@available(*, unavailable)
extension Repository: Sendable {}
