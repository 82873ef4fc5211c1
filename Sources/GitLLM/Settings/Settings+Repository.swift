import Foundation

extension Settings {
  /// Loads the effective settings for a repository: defaults < `.gitllm` at the work-tree root <
  /// the git config the repository sees < environment < flags.
  /// - Throws: `GitError` for an unreadable or malformed `.gitllm`, `SettingsError` for a bad value.
  public static func load(
    repository: Repository?, environment: [String: String] = ProcessInfo.processInfo.environment,
    flags: [String: String] = [:]
  ) throws -> Settings {
    var file = SettingSource([])
    var gitConfig = SettingSource([])
    if let repository {
      if let root = repository.workingDirectory {
        let path = root + "/.gitllm"
        if FileManager.default.fileExists(atPath: path) {
          file = SettingSource(
            try Repository.configEntries(file: path).map { ($0.name, $0.value, .file(".gitllm")) })
        }
      }
      gitConfig = SettingSource(
        try repository.configEntries().map { ($0.name, $0.value, .gitConfig(Settings.levelName($0.level))) })
    }
    return try resolve(
      file: file, gitConfig: gitConfig, environment: environment, flags: flags,
      gitDirectory: repository?.commonDirectory)
  }

  static func levelName(_ level: Int32) -> String {
    switch level {
    case 1: "programdata"
    case 2: "system"
    case 3: "xdg"
    case 4: "global"
    case 5: "local"
    case 6: "worktree"
    default: "level \(level)"
    }
  }
}

extension Repository {
  /// Where git-llm keeps its files for this repository (shared by linked worktrees).
  public var llmDirectory: String { commonDirectory + "/llm" }
}
