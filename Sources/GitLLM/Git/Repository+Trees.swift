import CGit2
import Foundation

/// A file in a tree: its path from the root, blob id and mode.
public struct TreeEntry: Sendable, Equatable {
  public var path: String
  public var blob: ObjectID
  /// The git file mode: 0o100644, 0o100755 or 0o120000 (symlink).
  public var mode: UInt32

  public var isExecutable: Bool { mode == UInt32(GIT_FILEMODE_BLOB_EXECUTABLE.rawValue) }
  public var isSymlink: Bool { mode == UInt32(GIT_FILEMODE_LINK.rawValue) }
}

extension Repository {
  /// Lists every file in a commit's tree, recursively, sorted by path (bytewise, as git does).
  /// Submodules (commit entries) are left out.
  /// - Throws: `GitError` when the commit or one of its trees is missing.
  public func treeEntries(commit: ObjectID) throws -> [TreeEntry] {
    let tree = try lookupTree(commit)
    defer { git_tree_free(tree) }
    var entries: [TreeEntry] = []
    // One pass over the trees libgit2 already holds: each entry carries its id and mode, so no
    // blob is ever looked up.
    let code = withUnsafeMutablePointer(to: &entries) { payload in
      git_tree_walk(
        tree, GIT_TREEWALK_PRE,
        { root, entry, payload in
          guard let entry, let payload, git_tree_entry_type(entry) == GIT_OBJECT_BLOB,
            let name = git_tree_entry_name(entry), let id = git_tree_entry_id(entry)
          else { return 0 }  // trees are walked into; submodules skipped
          let path = Repository.joinPath(root, name)
          let mode = UInt32(git_tree_entry_filemode(entry).rawValue)
          payload.assumingMemoryBound(to: [TreeEntry].self).pointee.append(
            TreeEntry(path: path, blob: ObjectID(id.pointee), mode: mode))
          return 0
        }, payload)
    }
    try GitError.check(code, "git_tree_walk")
    entries.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    return entries
  }

  /// The raw bytes of a blob.
  /// - Throws: `GitError` (`isNotFound`) when the blob is missing.
  public func blob(_ id: ObjectID) throws -> Data {
    var oid = id.oid
    var blob: OpaquePointer?
    try GitError.check(git_blob_lookup(&blob, handle, &oid), "git_blob_lookup")
    defer { git_blob_free(blob) }
    let size = Int(git_blob_rawsize(blob))
    guard size > 0, let bytes = git_blob_rawcontent(blob) else { return Data() }
    return Data(bytes: bytes, count: size)
  }

  /// The size of a blob in bytes, read from the object header without loading its content.
  /// - Throws: `GitError` (`isNotFound`) when the blob is missing or the id is not a blob.
  public func blobSize(_ id: ObjectID) throws -> Int {
    var odb: OpaquePointer?
    try GitError.check(git_repository_odb(&odb, handle), "git_repository_odb")
    defer { git_odb_free(odb) }
    var oid = id.oid
    var size = 0
    var type = GIT_OBJECT_INVALID
    try GitError.check(git_odb_read_header(&size, &type, odb, &oid), "git_odb_read_header")
    guard type == GIT_OBJECT_BLOB else {
      throw GitError(
        code: GIT_ENOTFOUND.rawValue, function: "git_odb_read_header",
        message: "object \(id) is not a blob")
    }
    return size
  }

  /// `root` + `name` in one allocation; `root` is "" or ends in "/".
  static func joinPath(_ root: UnsafePointer<CChar>?, _ name: UnsafePointer<CChar>) -> String {
    let rootLength = root.map { strlen($0) } ?? 0
    let nameLength = strlen(name)
    return String(unsafeUninitializedCapacity: rootLength + nameLength) { buffer in
      guard let base = buffer.baseAddress else { return 0 }
      if let root { memcpy(base, root, rootLength) }
      memcpy(base + rootLength, name, nameLength)
      return rootLength + nameLength
    }
  }
}
