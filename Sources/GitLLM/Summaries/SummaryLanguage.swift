/// The language of a source file as summaries name it (the index has its own SourceLanguage for
/// chunking): its display name, its Markdown fence tag and the syntax family the outline reads.
public struct SummaryLanguage: Sendable, Equatable {
  public enum Family: Sendable, Equatable {
    case python, swift, go, rust, javascript, java, c, shell, plain
  }

  public var name: String
  public var fence: String
  public var family: Family

  /// The language for a path, by extension; `plain` text when unknown.
  public static func of(path: String) -> SummaryLanguage {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: ".") else {
      return SummaryLanguage(name: "text", fence: "", family: .plain)
    }
    let ext = name[name.index(after: dot)...].lowercased()
    return byExtension[ext] ?? SummaryLanguage(name: ext, fence: ext, family: .plain)
  }

  static let byExtension: [String: SummaryLanguage] = {
    let rows: [(String, String, String, Family)] = [
      ("py", "Python", "python", .python), ("pyi", "Python", "python", .python),
      ("swift", "Swift", "swift", .swift), ("go", "Go", "go", .go), ("rs", "Rust", "rust", .rust),
      ("js", "JavaScript", "javascript", .javascript),
      ("mjs", "JavaScript", "javascript", .javascript),
      ("cjs", "JavaScript", "javascript", .javascript), ("jsx", "JavaScript", "jsx", .javascript),
      ("ts", "TypeScript", "typescript", .javascript), ("tsx", "TypeScript", "tsx", .javascript),
      ("java", "Java", "java", .java), ("kt", "Kotlin", "kotlin", .java),
      ("cs", "C#", "csharp", .java), ("scala", "Scala", "scala", .java),
      ("c", "C", "c", .c), ("h", "C header", "c", .c), ("cc", "C++", "cpp", .c),
      ("cpp", "C++", "cpp", .c), ("hpp", "C++ header", "cpp", .c), ("m", "Objective-C", "objc", .c),
      ("sh", "shell", "sh", .shell), ("bash", "Bash", "bash", .shell),
      ("zsh", "zsh", "zsh", .shell),
      ("yaml", "YAML", "yaml", .plain), ("yml", "YAML", "yaml", .plain),
      ("toml", "TOML", "toml", .plain), ("md", "Markdown", "markdown", .plain),
      ("json", "JSON", "json", .plain), ("sql", "SQL", "sql", .plain),
    ]
    var table: [String: SummaryLanguage] = [:]
    for (ext, name, fence, family) in rows {
      table[ext] = SummaryLanguage(name: name, fence: fence, family: family)
    }
    return table
  }()
}
