import CGit2
import Foundation

extension Repository {
  /// Stages one work-tree file into an index opened from `GIT_INDEX_FILE`. libgit2's
  /// `git_index_add_bypath` only accepts the repository's own index, and attaching another one
  /// (`git_repository_set_index`) is in a header the shim does not include, so this does what
  /// add_bypath does: write the blob through the repository's filters, then add an entry
  /// carrying the file's stat data so git sees it as clean.
  func addToStandaloneIndex(_ index: OpaquePointer, path: String) throws {
    guard let workingDirectory else {
      throw GitError(
        code: GIT_EBAREREPO.rawValue, function: "git_index_add",
        message: "cannot stage '\(path)' in a bare repository")
    }
    var info = stat()
    guard lstat(workingDirectory + "/" + path, &info) == 0 else {
      throw GitError(
        code: GIT_ENOTFOUND.rawValue, function: "lstat",
        message: "could not find '\(workingDirectory)/\(path)' to stage: "
          + String(cString: strerror(errno)))
    }
    var id = git_oid()
    try GitError.check(
      git_blob_create_from_workdir(&id, handle, path), "git_blob_create_from_workdir")
    var entry = git_index_entry()
    entry.ctime = git_index_time(
      seconds: Int32(truncatingIfNeeded: info.st_ctim.tv_sec),
      nanoseconds: UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec))
    entry.mtime = git_index_time(
      seconds: Int32(truncatingIfNeeded: info.st_mtim.tv_sec),
      nanoseconds: UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec))
    entry.dev = UInt32(truncatingIfNeeded: info.st_dev)
    entry.ino = UInt32(truncatingIfNeeded: info.st_ino)
    entry.uid = info.st_uid
    entry.gid = info.st_gid
    entry.file_size = UInt32(truncatingIfNeeded: info.st_size)
    entry.mode = Repository.indexMode(info.st_mode)
    entry.id = id
    try path.withCString { cPath in
      entry.path = cPath
      // git_index_add copies the entry and its path.
      try GitError.check(git_index_add(index, &entry), "git_index_add")
    }
  }

  /// The git mode for a work-tree file, as git records it (core.fileMode on).
  static func indexMode(_ mode: mode_t) -> UInt32 {
    if mode & S_IFMT == S_IFLNK { return UInt32(GIT_FILEMODE_LINK.rawValue) }
    if mode & 0o111 != 0 { return UInt32(GIT_FILEMODE_BLOB_EXECUTABLE.rawValue) }
    return UInt32(GIT_FILEMODE_BLOB.rawValue)
  }
}
