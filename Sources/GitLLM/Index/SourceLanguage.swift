/// The languages the chunker knows, chosen from a path's extension.
public enum SourceLanguage: String, Sendable, Codable, CaseIterable {
  case python, swift, go, rust, javascript, typescript, java, c, markdown, shell, yaml, toml, text

  /// The language of a path, `text` when the extension is not one we split by declarations.
  public init(path: String) {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
      self = .text
      return
    }
    switch name[name.index(after: dot)...].lowercased() {
    case "py", "pyi": self = .python
    case "swift": self = .swift
    case "go": self = .go
    case "rs": self = .rust
    case "js", "jsx", "mjs", "cjs": self = .javascript
    case "ts", "tsx", "mts", "cts": self = .typescript
    case "java", "kt", "kts", "scala": self = .java
    case "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "m", "mm": self = .c
    case "md", "markdown", "mdx": self = .markdown
    case "sh", "bash", "zsh": self = .shell
    case "yaml", "yml": self = .yaml
    case "toml": self = .toml
    default: self = .text
    }
  }
}
