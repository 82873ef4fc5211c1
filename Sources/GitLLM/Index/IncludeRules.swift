/// Which of HEAD's files the index holds: extensions, ignored folders, a size bound.
public struct IncludeRules: Sendable, Equatable, Codable {
  public static let defaultExtensions = [
    ".md", ".py", ".swift", ".go", ".rs", ".js", ".ts", ".java", ".c", ".h", ".sh", ".yaml", ".toml",
  ]
  public static let defaultIgnore = ["env/", ".venv/", "node_modules/", "vendor/"]
  public static let defaultMaxFileBytes = 1_048_576

  /// Lowercased, each with a leading dot, sorted, unique.
  public private(set) var extensions: [String]
  /// Folder paths with a trailing slash, sorted, unique. A one-component folder (`vendor/`)
  /// matches at any depth; a longer one (`docs/build/`) matches from the root.
  public private(set) var ignore: [String]
  public var maxFileBytes: Int

  public init(
    extensions: [String] = IncludeRules.defaultExtensions, ignore: [String] = IncludeRules.defaultIgnore,
    maxFileBytes: Int = IncludeRules.defaultMaxFileBytes
  ) {
    self.extensions = Set(
      extensions.map { $0.trimmed.lowercased() }.filter { !$0.isEmpty }
        .map { $0.hasPrefix(".") ? $0 : "." + $0 }
    ).sorted()
    self.ignore = Set(
      ignore.map { $0.trimmed }.filter { !$0.isEmpty && $0 != "/" }
        .map { folder in
          var folder = folder
          while folder.hasPrefix("./") { folder.removeFirst(2) }
          while folder.hasPrefix("/") { folder.removeFirst() }
          return folder.hasSuffix("/") ? folder : folder + "/"
        }
    ).sorted()
    self.maxFileBytes = maxFileBytes
  }

  /// Whether a path's extension and folders let it in (content checks come later).
  public func includes(path: String) -> Bool {
    let lower = path.lowercased()
    guard extensions.contains(where: { lower.hasSuffix($0) }) else { return false }
    let folders = path.split(separator: "/").dropLast()
    for rule in ignore {
      let parts = rule.split(separator: "/")
      if parts.count == 1 {
        if folders.contains(parts[0]) { return false }
      } else if path.hasPrefix(rule) {
        return false
      }
    }
    return true
  }

  /// A stable text of the rules, stored with the index: a change means a full reindex.
  public var fingerprint: String {
    "ext=\(extensions.joined(separator: ","));ignore=\(ignore.joined(separator: ","));max=\(maxFileBytes)"
  }
}

/// What a blob's bytes turned out to be.
public enum BlobContent: Sendable, Equatable {
  case text(String)
  case binary
  case lfsPointer
  case tooLarge

  private static let lfsHeader = Array("version https://git-lfs.github.com/spec/v1".utf8)

  /// Classifies file bytes: too large, a Git LFS pointer, binary (a NUL byte in the first 8000
  /// bytes, git's own test), else text decoded as UTF-8 with invalid sequences replaced.
  public static func classify(_ bytes: some Collection<UInt8>, maxBytes: Int) -> BlobContent {
    if bytes.count > maxBytes { return .tooLarge }
    if bytes.count < 1024, bytes.starts(with: lfsHeader) { return .lfsPointer }
    let result = bytes.withContiguousStorageIfAvailable { buffer -> BlobContent in
      if buffer.prefix(8000).contains(0) { return .binary }
      return .text(String(decoding: buffer, as: UTF8.self))
    }
    if let result { return result }
    return classify(Array(bytes), maxBytes: maxBytes)
  }
}

extension String {
  fileprivate var trimmed: String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
