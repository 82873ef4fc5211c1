import Foundation

/// Temporary checkouts and in-place originals to undo if the process is interrupted.
public final class FillCleanup: @unchecked Sendable {
  // @unchecked: every field is behind `lock`; a signal handler reads it from another thread.
  private let lock = NSLock()
  private var worktrees: [String: String] = [:]  // checkout path → repository root
  private var originals: [String: Data] = [:]  // in-place stub path → its bytes before the run

  public static let shared = FillCleanup()

  func register(worktree: String, root: String) { lock.withLock { worktrees[worktree] = root } }
  func unregister(worktree: String) { lock.withLock { worktrees[worktree] = nil } }
  func register(original: Data, path: String) { lock.withLock { originals[path] = original } }
  func unregister(original path: String) { lock.withLock { originals[path] = nil } }

  /// Restores in-place stubs and removes every live temporary checkout (on SIGINT/SIGTERM).
  public func runAll() {
    let (trees, files) = lock.withLock { (worktrees, originals) }
    for (path, data) in files { try? AtomicFile.write(data, to: path) }
    for (tree, root) in trees { FillWorktree.remove(tree, root: root) }
    lock.withLock {
      worktrees = [:]
      originals = [:]
    }
  }
}

/// A temporary `git worktree`, detached at HEAD, where one stub is filled in isolation.
struct FillWorktree {
  let path: String
  let root: String

  static let git = TestRunner(timeout: .seconds(120), captureLimit: 16 * 1024)

  /// Adds a detached worktree under `parent`, applies the work tree's uncommitted `changes` and
  /// copies the given work-tree files into it (the stub and its test may be uncommitted).
  static func add(
    root: String, parent: String, name: String, changes: WorkTreeChanges = .init(), copying paths: [String]
  ) throws -> FillWorktree {
    let path = parent + "/" + name
    FillCleanup.shared.register(worktree: path, root: root)
    let run = git.runBlocking(
      "git worktree add --quiet --detach \(TestCommand.shellQuoted(path)) HEAD", in: root)
    guard run.passed else {
      remove(path, root: root)
      throw FillError.worktree(run.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    do {
      try changes.apply(from: root, to: path)
    } catch {
      remove(path, root: root)
      throw error
    }
    for relative in paths {
      guard let data = FileManager.default.contents(atPath: root + "/" + relative) else { continue }
      try AtomicFile.write(data, to: path + "/" + relative)
    }
    return FillWorktree(path: path, root: root)
  }

  func remove() { FillWorktree.remove(path, root: root) }

  /// Removes the checkout's files and git's record of it, whatever state it is in.
  static func remove(_ path: String, root: String) {
    try? FileManager.default.removeItem(atPath: path)
    _ = git.runBlocking("git worktree prune", in: root)
    FillCleanup.shared.unregister(worktree: path)
  }
}
