import CGit2

/// One file's change between two trees (or a tree and the index).
public struct FileChange: Sendable, Equatable {
  public enum Status: String, Sendable, Codable {
    case added, modified, deleted, renamed, copied, typeChanged
  }

  public var status: Status
  /// nil when added.
  public var oldPath: String?
  /// nil when deleted.
  public var newPath: String?
  public var oldBlob: ObjectID?
  public var newBlob: ObjectID?
  /// Percent similarity of a rename or copy (100 = identical content).
  public var similarity: Int?
  /// The new side's file mode (`0o100644`, `0o100755`, `0o120000` for a symbolic link).
  public var newMode: UInt32?

  /// The new side is a symbolic link: its blob is the link's target, not file content.
  public var isSymlink: Bool { newMode == 0o120000 }

  /// The path after the change (the old path for a deletion).
  public var path: String { newPath ?? oldPath ?? "" }
}

extension Repository {
  /// Compares two commits (or trees) as `git diff --name-status -M old new` does; `old == nil`
  /// compares with the empty tree. Binary files and mode changes are included, submodules not.
  /// - Throws: `GitError` when a commit or tree is missing.
  public func diff(from old: ObjectID?, to new: ObjectID, detectRenames: Bool = true) throws
    -> [FileChange]
  {
    let oldTree = try old.map { try lookupTree($0) }
    defer { git_tree_free(oldTree) }
    let newTree = try lookupTree(new)
    defer { git_tree_free(newTree) }
    var options = Repository.diffOptions()
    var diff: OpaquePointer?
    try GitError.check(
      git_diff_tree_to_tree(&diff, handle, oldTree, newTree, &options), "git_diff_tree_to_tree")
    defer { git_diff_free(diff) }
    return try Repository.changes(in: diff, detectRenames: detectRenames)
  }

  /// What `git commit` would record: HEAD's tree (empty when unborn) against the index, with
  /// renames detected, like `git diff --cached --name-status -M`.
  /// - Throws: `GitError` when the index cannot be read.
  public func stagedChanges() throws -> [FileChange] {
    let headTree = try head().commit.map { try lookupTree($0) }
    defer { git_tree_free(headTree) }
    let index = try openIndex()
    defer { git_index_free(index) }
    var options = Repository.diffOptions()
    var diff: OpaquePointer?
    try GitError.check(
      git_diff_tree_to_index(&diff, handle, headTree, index, &options), "git_diff_tree_to_index")
    defer { git_diff_free(diff) }
    return try Repository.changes(in: diff, detectRenames: true)
  }

  /// `GIT_DIFF_OPTIONS_INIT` is a macro Swift cannot import.
  private static func diffOptions() -> git_diff_options {
    var options = git_diff_options()
    git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
    // Report a file that became a symlink (or back) as one "T" change, as git does.
    options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
    return options
  }

  private static func changes(in diff: OpaquePointer?, detectRenames: Bool) throws -> [FileChange] {
    if detectRenames {
      var find = git_diff_find_options()
      git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
      find.flags = GIT_DIFF_FIND_RENAMES.rawValue
      // git's default diff.renameLimit; libgit2's own default (200) gives up sooner.
      find.rename_limit = 1000
      try GitError.check(git_diff_find_similar(diff, &find), "git_diff_find_similar")
    }
    var changes: [FileChange] = []
    for index in 0..<git_diff_num_deltas(diff) {
      guard let delta = git_diff_get_delta(diff, index)?.pointee,
        let change = FileChange(delta)
      else { continue }
      changes.append(change)
    }
    changes.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    return changes
  }
}

extension FileChange {
  /// Copies a delta; nil for unmodified/untracked/ignored entries and for submodules, whose
  /// side is treated as absent (a file replaced by a submodule reads as deleted).
  init?(_ delta: git_diff_delta) {
    let commitMode = UInt16(GIT_FILEMODE_COMMIT.rawValue)
    let old = Side(
      delta.old_file, present: delta.old_file.mode != 0 && delta.old_file.mode != commitMode)
    let new = Side(
      delta.new_file, present: delta.new_file.mode != 0 && delta.new_file.mode != commitMode)
    var status: Status
    switch delta.status {
    case GIT_DELTA_ADDED: status = .added
    case GIT_DELTA_DELETED: status = .deleted
    case GIT_DELTA_MODIFIED: status = .modified
    case GIT_DELTA_RENAMED: status = .renamed
    case GIT_DELTA_COPIED: status = .copied
    case GIT_DELTA_TYPECHANGE: status = .typeChanged
    default: return nil
    }
    switch (old.present, new.present) {
    case (false, false): return nil
    case (true, false): status = .deleted
    case (false, true): status = .added
    case (true, true): break
    }
    self.status = status
    oldPath = old.present ? old.path : nil
    newPath = new.present ? new.path : nil
    oldBlob = old.present ? old.blob : nil
    newBlob = new.present ? new.blob : nil
    similarity = status == .renamed || status == .copied ? Int(delta.similarity) : nil
    newMode = new.present ? UInt32(delta.new_file.mode) : nil
  }

  private struct Side {
    var present: Bool
    var path: String?
    var blob: ObjectID?

    init(_ file: git_diff_file, present: Bool) {
      self.present = present
      path = file.path.map { String(cString: $0) }
      blob = withUnsafePointer(to: file.id) { ObjectID($0) }
    }
  }
}
