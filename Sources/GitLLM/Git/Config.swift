import CGit2

/// One `name = value` line of git configuration.
public struct ConfigEntry: Sendable, Equatable {
  /// As libgit2 normalises it: section and key lowercased, subsection kept (`remote.Origin.url`).
  public var name: String
  /// The value; a key written without `= value` reads as `true`, as git treats it.
  public var value: String
  /// The `git_config_level_t` it came from (1 program data, 2 system, 3 XDG, 4 global, 5 local,
  /// 6 worktree, 7 app); entries from a file opened on its own are local (5).
  public var level: Int32
}

extension Repository {
  /// Every entry the repository sees (system, global, local and worktree files, includes
  /// followed), lowest level first, in file order.
  /// - Throws: `GitError` when a config file cannot be parsed.
  public func configEntries() throws -> [ConfigEntry] {
    var config: OpaquePointer?
    try GitError.check(
      git_repository_config_snapshot(&config, handle), "git_repository_config_snapshot")
    defer { git_config_free(config) }
    return try Repository.entries(of: config)
  }

  /// The entries of one file in git-config syntax, such as a committed `.gitllm`; a missing
  /// file has none.
  /// - Throws: `GitError` naming the file and line when it is malformed.
  public static func configEntries(file path: String) throws -> [ConfigEntry] {
    _ = LibGit2.ready
    var config: OpaquePointer?
    try GitError.check(git_config_open_ondisk(&config, path), "git_config_open_ondisk")
    defer { git_config_free(config) }
    return try entries(of: config)
  }

  private static func entries(of config: OpaquePointer?) throws -> [ConfigEntry] {
    var entries: [ConfigEntry] = []
    let code = withUnsafeMutablePointer(to: &entries) { payload in
      git_config_foreach(
        config,
        { entry, payload in
          guard let entry, let payload, let name = entry.pointee.name else { return 0 }
          payload.assumingMemoryBound(to: [ConfigEntry].self).pointee.append(
            ConfigEntry(
              name: String(cString: name),
              value: entry.pointee.value.map { String(cString: $0) } ?? "true",
              level: entry.pointee.level.rawValue))
          return 0
        }, payload)
    }
    try GitError.check(code, "git_config_foreach")
    return entries
  }
}
