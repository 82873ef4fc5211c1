import CGit2

/// A file in the staging area (stage 0, i.e. not in conflict).
public struct IndexEntry: Sendable, Equatable {
  public var path: String
  /// The id of the staged content (what `git rev-parse :path` prints).
  public var blob: ObjectID
  public var mode: UInt32
  /// The work-tree file's size when it was staged, as recorded in the index.
  public var fileSize: Int
  /// Added with `git add -N`: a placeholder (the empty blob) that `git commit` leaves out.
  public var intentToAdd = false

  public var isSymlink: Bool { mode == UInt32(GIT_FILEMODE_LINK.rawValue) }
}

extension IndexEntry {
  /// Copies a libgit2 index entry; nil without a path.
  init?(_ entry: git_index_entry) {
    guard let path = entry.path else { return nil }
    self.init(
      path: String(cString: path), blob: ObjectID(entry.id), mode: entry.mode,
      fileSize: Int(entry.file_size),
      intentToAdd: entry.flags_extended & UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue) != 0)
  }
}

extension Repository {
  /// The staged files, sorted by path; conflicted entries and submodules are left out.
  /// - Throws: `GitError` when the index cannot be read (for example in a bare repository).
  public func indexEntries() throws -> [IndexEntry] {
    let index = try openIndex()
    defer { git_index_free(index) }
    let commitMode = UInt32(GIT_FILEMODE_COMMIT.rawValue)
    let count = git_index_entrycount(index)
    var entries: [IndexEntry] = []
    entries.reserveCapacity(count)
    for position in 0..<count {
      guard let entry = git_index_get_byindex(index, position),
        git_index_entry_stage(entry) == 0, entry.pointee.mode != commitMode,
        let copy = IndexEntry(entry.pointee)
      else { continue }
      entries.append(copy)
    }
    entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    return entries
  }

  /// Stages work-tree files (paths relative to the work-tree root) and writes the index.
  /// - Throws: `GitError` when a file is missing or another git process holds the index lock.
  public func add(paths: [String]) throws {
    try updateIndex { index in
      for path in paths {
        if indexFile == nil {
          try GitError.check(git_index_add_bypath(index, path), "git_index_add_bypath")
        } else {
          try addToStandaloneIndex(index, path: path)
        }
      }
    }
  }

  /// Removes files from the index (paths relative to the work-tree root) and writes it; the
  /// work-tree files are left alone, like `git rm --cached`.
  /// - Throws: `GitError` when the index cannot be read or written.
  public func remove(paths: [String]) throws {
    try updateIndex { index in
      for path in paths {
        try GitError.check(git_index_remove_bypath(index, path), "git_index_remove_bypath")
      }
    }
  }

  /// The repository's index (or `GIT_INDEX_FILE`'s), re-read from disk if git changed it since
  /// libgit2 last loaded it. The caller frees it with `git_index_free`.
  func openIndex() throws -> OpaquePointer {
    var index: OpaquePointer?
    if let indexFile {
      try GitError.check(git_index_open(&index, indexFile), "git_index_open")
    } else {
      try GitError.check(git_repository_index(&index, handle), "git_repository_index")
    }
    guard let index else {
      throw GitError(code: -1, function: "git_repository_index", message: "no index returned")
    }
    do {
      try GitError.check(git_index_read(index, 0), "git_index_read")
    } catch {
      git_index_free(index)
      throw error
    }
    return index
  }

  private func updateIndex(_ body: (OpaquePointer) throws -> Void) throws {
    let index = try openIndex()
    defer { git_index_free(index) }
    try body(index)
    try GitError.check(git_index_write(index), "git_index_write")
  }
}
