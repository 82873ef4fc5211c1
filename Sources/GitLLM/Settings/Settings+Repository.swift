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
    // `git -c key=value llm …`: git passes these in the environment; libgit2 does not read them.
    gitConfig.entries += commandLineConfig(environment["GIT_CONFIG_PARAMETERS"] ?? "").map {
      ($0.name, $0.value, .gitConfig("git -c"))
    }
    var settings = try resolve(
      file: file, gitConfig: gitConfig, environment: environment, flags: flags,
      gitDirectory: repository?.commonDirectory)
    // A relative log folder is relative to the work tree's root, not to wherever git-llm runs.
    if let root = repository?.workingDirectory, let log = settings.entry("log.dir"), !log.value.hasPrefix("/") {
      settings.values["log.dir"]?.value = root + "/" + log.value
    }
    return settings
  }

  /// Parses `GIT_CONFIG_PARAMETERS`: shell single-quoted words, either `'key'='value'` (git 2.31
  /// and later) or `'key=value'`; a key alone means true. Names are lowercased as git does.
  static func commandLineConfig(_ text: String) -> [(name: String, value: String)] {
    var words: [String] = []
    var current = ""
    var quoted = false
    var inWord = false
    var escaped = false
    for character in text {
      if escaped {
        current.append(character)
        escaped = false
      } else if quoted {
        if character == "'" { quoted = false } else { current.append(character) }
      } else if character == "'" {
        quoted = true
        inWord = true
      } else if character == "\\" {
        escaped = true
        inWord = true
      } else if character == " " {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(character)
        inWord = true
      }
    }
    if inWord { words.append(current) }
    return words.map { word in
      guard let equals = word.firstIndex(of: "=") else { return (word.lowercased(), "true") }
      return (String(word[..<equals]).lowercased(), String(word[word.index(after: equals)...]))
    }
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
