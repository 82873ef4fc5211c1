import CGit2

extension Repository {
  /// The same changes as `stagedChanges()`, found faster in a large repository: the index file
  /// is read directly (`IndexSnapshot`), folders whose cache-tree id equals HEAD's are skipped,
  /// and only the folders that changed are compared with HEAD's trees. Renames (a change with
  /// both additions and deletions), conflicts and index features the snapshot does not read go
  /// through `stagedChanges()`.
  /// - Throws: `GitError` when HEAD or a tree cannot be read.
  public func stagedChangesFromIndexTree() throws -> [FileChange] {
    guard let snapshot = IndexSnapshot.load(self) else { return try stagedChanges() }
    return try stagedChanges(snapshot) ?? stagedChanges()
  }

  /// nil when the changes need rename detection.
  func stagedChanges(_ snapshot: IndexSnapshot) throws -> [FileChange]? {
    let headTree = try head().commit.map { try lookupTree(try commit($0).tree) }
    defer { git_tree_free(headTree) }
    var changes: [FileChange] = []
    try compare(snapshot, folder: "", range: 0..<snapshot.count, head: headTree, into: &changes)
    if changes.contains(where: { $0.status == .added })
      && changes.contains(where: { $0.status == .deleted })
    {
      return nil
    }
    changes.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    return changes
  }

  private struct TreeItem {
    var id: git_oid
    var mode: UInt32
    var isTree: Bool { mode == UInt32(GIT_FILEMODE_TREE.rawValue) }
    var isSubmodule: Bool { mode == UInt32(GIT_FILEMODE_COMMIT.rawValue) }
  }

  private func items(_ tree: OpaquePointer?) -> [String: TreeItem] {
    guard let tree else { return [:] }
    var items: [String: TreeItem] = [:]
    for position in 0..<git_tree_entrycount(tree) {
      guard let entry = git_tree_entry_byindex(tree, position),
        let name = git_tree_entry_name(entry),
        let id = git_tree_entry_id(entry)
      else { continue }
      let item = TreeItem(id: id.pointee, mode: UInt32(git_tree_entry_filemode(entry).rawValue))
      if !item.isSubmodule { items[String(cString: name)] = item }
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

  private static func same(_ a: git_oid, _ b: git_oid) -> Bool {
    withUnsafePointer(to: a) { mine in withUnsafePointer(to: b) { git_oid_equal(mine, $0) != 0 } }
  }

  /// Compares the index entries in `range` (all under `folder`) with HEAD's tree of that folder.
  private func compare(
    _ snapshot: IndexSnapshot, folder: String, range: Range<Int>, head: OpaquePointer?,
    into changes: inout [FileChange]
  ) throws {
    if let head, let cached = snapshot.cacheTree.validID(folder: folder),
      let headID = git_tree_id(head),
      Repository.same(cached, headID.pointee)
    {
      return
    }
    var headItems = items(head)
    let prefix = folder.isEmpty ? "" : folder + "/"
    let skip = prefix.utf8.count
    var position = range.lowerBound
    while position < range.upperBound {
      let rest = snapshot.path(position).dropFirst(skip)
      if let slash = rest.firstIndex(of: 0x2F) {
        // A folder: its entries are consecutive, all starting with `name/`.
        let name = Array(rest[rest.startIndex..<slash])
        let end = snapshot.end(
          ofFolder: snapshot.path(position).prefix(skip + name.count + 1),
          in: position..<range.upperBound)
        let key = String(decoding: name, as: UTF8.self)
        let item = headItems.removeValue(forKey: key)
        if let item, !item.isTree { changes.append(.removed(prefix + key, ObjectID(item.id))) }
        if let item, item.isTree, let cached = snapshot.cacheTree.validID(folder: prefix + key),
          Repository.same(cached, item.id)
        {
          position = end  // unchanged folder: not even its tree is read
          continue
        }
        let tree = try subtree(item)
        defer { git_tree_free(tree) }
        try compare(
          snapshot, folder: prefix + key, range: position..<end, head: tree, into: &changes)
        position = end
        continue
      }
      let key = String(decoding: rest, as: UTF8.self)
      let path = prefix + key
      let blob = ObjectID(snapshot.ids[position])
      let mode = snapshot.modes[position]
      switch headItems.removeValue(forKey: key) {
      case .none:
        changes.append(
          .init(
            status: .added, oldPath: nil, newPath: path, oldBlob: nil, newBlob: blob,
            similarity: nil, newMode: mode))
      case .some(let item) where item.isTree:
        try removeAll(item, folder: path, into: &changes)
        changes.append(
          .init(
            status: .added, oldPath: nil, newPath: path, oldBlob: nil, newBlob: blob,
            similarity: nil, newMode: mode))
      case .some(let item):
        if item.mode == mode && Repository.same(item.id, snapshot.ids[position]) { break }
        let link = UInt32(GIT_FILEMODE_LINK.rawValue)
        changes.append(
          .init(
            status: (item.mode == link) != (mode == link) ? .typeChanged : .modified, oldPath: path,
            newPath: path, oldBlob: ObjectID(item.id), newBlob: blob, similarity: nil, newMode: mode))
      }
      position += 1
    }
    for (name, item) in headItems {
      if item.isTree {
        try removeAll(item, folder: prefix + name, into: &changes)
      } else {
        changes.append(.removed(prefix + name, ObjectID(item.id)))
      }
    }
  }

  /// Every file of a HEAD folder that the index no longer has.
  private func removeAll(_ folder: TreeItem, folder path: String, into changes: inout [FileChange])
    throws
  {
    let tree = try subtree(folder)
    defer { git_tree_free(tree) }
    for (name, item) in items(tree) {
      if item.isTree {
        try removeAll(item, folder: path + "/" + name, into: &changes)
      } else {
        changes.append(.removed(path + "/" + name, ObjectID(item.id)))
      }
    }
  }
}

extension FileChange {
  fileprivate static func removed(_ path: String, _ blob: ObjectID) -> FileChange {
    FileChange(
      status: .deleted, oldPath: path, newPath: nil, oldBlob: blob, newBlob: nil, similarity: nil)
  }
}
