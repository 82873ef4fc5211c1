import CGit2

extension Repository {
  /// The same changes as `stagedChanges()`, found faster in a large repository. The index's
  /// tree comes from its cache-tree (only folders touched since the last commit are rebuilt, as
  /// `git commit` does itself); when it equals HEAD's tree nothing is staged; otherwise the two
  /// trees are compared folder by folder, skipping every folder whose id did not change. Renames
  /// (a change with both additions and deletions) and conflicted indexes go through
  /// `stagedChanges()`, whose rename detection they need.
  /// - Throws: `GitError` when the index, HEAD or a tree cannot be read.
  public func stagedChangesFromIndexTree() throws -> [FileChange] {
    let index = try openIndex()
    var oid = git_oid()
    let written = git_index_has_conflicts(index) == 0 && git_index_write_tree_to(&oid, index, handle) == 0
    git_index_free(index)
    guard written else { return try stagedChanges() }
    let indexTree = ObjectID(oid)
    let headTree = try head().commit.map { try commit($0).tree }
    if headTree == indexTree { return [] }
    var changes: [FileChange] = []
    let old = try headTree.map { try lookupTree($0) }
    defer { git_tree_free(old) }
    let new = try lookupTree(indexTree)
    defer { git_tree_free(new) }
    try compareTrees(old, new, prefix: "", into: &changes)
    if changes.contains(where: { $0.status == .added }) && changes.contains(where: { $0.status == .deleted }) {
      return try diff(from: headTree, to: indexTree)
    }
    changes.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    return changes
  }

  private struct TreeItem {
    var id: git_oid
    var mode: UInt32
    var isTree: Bool { mode == UInt32(GIT_FILEMODE_TREE.rawValue) }
    var isSubmodule: Bool { mode == UInt32(GIT_FILEMODE_COMMIT.rawValue) }
    func sameID(as other: TreeItem) -> Bool {
      withUnsafePointer(to: id) { mine in withUnsafePointer(to: other.id) { git_oid_equal(mine, $0) != 0 } }
    }
  }

  private func items(_ tree: OpaquePointer?) -> [String: TreeItem] {
    guard let tree else { return [:] }
    var items: [String: TreeItem] = [:]
    for position in 0..<git_tree_entrycount(tree) {
      guard let entry = git_tree_entry_byindex(tree, position), let name = git_tree_entry_name(entry),
        let id = git_tree_entry_id(entry)
      else { continue }
      items[String(cString: name)] = TreeItem(id: id.pointee, mode: UInt32(git_tree_entry_filemode(entry).rawValue))
    }
    return items
  }

  private func subtree(_ item: TreeItem?) throws -> OpaquePointer? {
    guard let item, item.isTree else { return nil }
    var id = item.id
    var tree: OpaquePointer?
    try GitError.check(git_tree_lookup(&tree, handle, &id), "git_tree_lookup")
    return tree
  }

  private func compareTrees(
    _ old: OpaquePointer?, _ new: OpaquePointer?, prefix: String, into changes: inout [FileChange]
  ) throws {
    let before = items(old)
    let after = items(new)
    for name in Set(before.keys).union(after.keys) {
      let a = before[name].flatMap { $0.isSubmodule ? nil : $0 }
      let b = after[name].flatMap { $0.isSubmodule ? nil : $0 }
      if let a, let b, a.mode == b.mode, a.sameID(as: b) { continue }
      let path = prefix + name
      if a?.isTree == true || b?.isTree == true {
        let oldTree = try subtree(a)
        defer { git_tree_free(oldTree) }
        let newTree = try subtree(b)
        defer { git_tree_free(newTree) }
        try compareTrees(oldTree, newTree, prefix: path + "/", into: &changes)
      }
      let oldBlob = a.flatMap { $0.isTree ? nil : ObjectID($0.id) }
      let newBlob = b.flatMap { $0.isTree ? nil : ObjectID($0.id) }
      let status: FileChange.Status
      switch (oldBlob, newBlob) {
      case (nil, nil): continue
      case (nil, _): status = .added
      case (_, nil): status = .deleted
      default:
        let link = UInt32(GIT_FILEMODE_LINK.rawValue)
        status = (a?.mode == link) != (b?.mode == link) ? .typeChanged : .modified
      }
      changes.append(
        FileChange(
          status: status, oldPath: oldBlob == nil ? nil : path, newPath: newBlob == nil ? nil : path,
          oldBlob: oldBlob, newBlob: newBlob, similarity: nil))
    }
  }
}
