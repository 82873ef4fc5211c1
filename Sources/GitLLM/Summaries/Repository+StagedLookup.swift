import CGit2

extension Repository {
  /// The staged blob ids of a few paths (stage 0), looked up by path in one read of the index;
  /// paths that are not staged are absent from the result.
  /// - Throws: `GitError` when the index cannot be read.
  public func stagedBlobs(paths: [String]) throws -> [String: ObjectID] {
    try stagedEntries(paths: paths).mapValues(\.blob)
  }

  /// The index entries (stage 0) of a few paths, looked up by path in one read of the index;
  /// paths that are not staged are absent from the result.
  /// - Throws: `GitError` when the index cannot be read.
  public func stagedEntries(paths: [String]) throws -> [String: IndexEntry] {
    guard !paths.isEmpty else { return [:] }
    let index = try openIndex()
    defer { git_index_free(index) }
    var found: [String: IndexEntry] = [:]
    for path in paths {
      guard let entry = git_index_get_bypath(index, path, 0) else { continue }
      found[path] = IndexEntry(entry.pointee)
    }
    return found
  }

  /// The blob id a work-tree file would get if it were staged now (through the repository's
  /// filters, as `git hash-object --path` computes it), without writing it.
  /// - Throws: `GitError` when the file cannot be read.
  public func workTreeBlob(_ path: String) throws -> ObjectID {
    var id = git_oid()
    try GitError.check(
      git_repository_hashfile(&id, handle, path, GIT_OBJECT_BLOB, path),
      "git_repository_hashfile")
    return ObjectID(id)
  }

  /// The blob ids of a few paths in HEAD's tree; paths HEAD lacks (or an unborn HEAD) are absent.
  /// - Throws: `GitError` when HEAD or its tree cannot be read.
  public func headBlobs(paths: [String]) throws -> [String: ObjectID] {
    guard !paths.isEmpty, let commitID = try head().commit else { return [:] }
    let tree = try lookupTree(try commit(commitID).tree)
    defer { git_tree_free(tree) }
    var found: [String: ObjectID] = [:]
    for path in paths {
      var entry: OpaquePointer?
      guard git_tree_entry_bypath(&entry, tree, path) == 0, let entry else { continue }
      defer { git_tree_entry_free(entry) }
      if let id = ObjectID(git_tree_entry_id(entry)) { found[path] = id }
    }
    return found
  }
}
