import CGit2

extension Repository {
  /// The staged blob ids of a few paths (stage 0), looked up by path in one read of the index;
  /// paths that are not staged are absent from the result.
  /// - Throws: `GitError` when the index cannot be read.
  public func stagedBlobs(paths: [String]) throws -> [String: ObjectID] {
    guard !paths.isEmpty else { return [:] }
    let index = try openIndex()
    defer { git_index_free(index) }
    var found: [String: ObjectID] = [:]
    for path in paths {
      guard let entry = git_index_get_bypath(index, path, 0) else { continue }
      found[path] = ObjectID(entry.pointee.id)
    }
    return found
  }
}
