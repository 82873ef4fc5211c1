/// Finds where top-level declarations start (with their doc comments, attributes and decorators)
/// from what is written at column 0; no parsing, so it is fast and never fails.
struct DeclarationScanner {
  let language: SourceLanguage

  /// Line indices (0-based, ascending, starting with 0) where a segment begins.
  func segmentStarts(_ lines: LineTable) -> [Int] {
    var starts = [0]
    var inFence = false
    for index in 0..<lines.count {
      let line = lines[index]
      if language == .markdown, line.starts(with: Self.fence) { inFence.toggle() }
      guard let first = line.first, first != 32, first != 9, !inFence else { continue }
      guard isDeclaration(line) else { continue }
      var start = index
      while start > 0, start - 1 > starts.last!, isPreamble(lines[start - 1]) { start -= 1 }
      if start > starts.last! { starts.append(start) }
    }
    return starts
  }

  private static let fence = Array("```".utf8)

  func isDeclaration(_ line: ArraySlice<UInt8>) -> Bool {
    switch language {
    case .markdown:
      let hashes = line.prefix { $0 == 35 }.count
      return (1...6).contains(hashes) && (line.count == hashes || line[line.startIndex + hashes] == 32)
    case .c: return isCDeclaration(line)
    case .shell:
      let words = leadingWords(line, limit: 2)
      return words.first == "function" || line.contains(40) && line.contains(41) && line.last == 123
    case .yaml:
      return isIdentifierStart(line.first!) && line.contains(58)
    case .toml:
      return line.first == 91
    case .text:
      return false
    default:
      let keywords = Self.keywords[language] ?? []
      let modifiers = Self.modifiers[language] ?? []
      for word in leadingWords(line, limit: 6) where !modifiers.contains(word) {
        return keywords.contains(word)
      }
      return false
    }
  }

  // Comment and attribute lines directly above a declaration belong to it.
  func isPreamble(_ line: ArraySlice<UInt8>) -> Bool {
    let trimmed = line.drop { $0 == 32 || $0 == 9 }
    guard let first = trimmed.first else { return false }
    switch language {
    case .python, .shell, .yaml, .toml: return first == 35 || (language == .python && first == 64)
    case .rust: return trimmed.starts(with: [35, 91]) || first == 47 || first == 42
    case .markdown, .text: return false
    default: return first == 47 || first == 42 || first == 64
    }
  }

  private func isCDeclaration(_ line: ArraySlice<UInt8>) -> Bool {
    guard let first = line.first, isIdentifierStart(first) else { return false }
    let word = leadingWords(line, limit: 1).first ?? ""
    if ["struct", "enum", "union", "typedef", "class", "namespace", "template"].contains(word) {
      return true
    }
    var end = line.endIndex
    while end > line.startIndex, [32, 9].contains(line[end - 1]) { end -= 1 }
    let last = end > line.startIndex ? line[end - 1] : 0
    return line.contains(40) && last != 59 && last != 44 && !["return", "else", "if"].contains(word)
  }

  private func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
  }

  /// Leading identifier words; `@Attr(...)` and `pub(crate)` arguments are skipped.
  func leadingWords(_ line: ArraySlice<UInt8>, limit: Int) -> [String] {
    var words: [String] = []
    var index = line.startIndex
    while index < line.endIndex, words.count < limit {
      let byte = line[index]
      if byte == 32 || byte == 9 || byte == 64 {
        index += 1
      } else if byte == 40 {
        var depth = 0
        while index < line.endIndex {
          if line[index] == 40 { depth += 1 } else if line[index] == 41 { depth -= 1 }
          index += 1
          if depth == 0 { break }
        }
      } else if isIdentifierStart(byte) {
        let start = index
        while index < line.endIndex, isIdentifierStart(line[index]) || (48...57).contains(line[index]) {
          index += 1
        }
        words.append(String(decoding: line[start..<index], as: UTF8.self))
      } else {
        break
      }
    }
    return words
  }

  private static let keywords: [SourceLanguage: Set<String>] = [
    .python: ["def", "class"],
    .swift: ["func", "class", "struct", "enum", "protocol", "extension", "actor", "typealias", "macro"],
    .go: ["func", "type", "var", "const"],
    .rust: ["fn", "struct", "enum", "trait", "impl", "mod", "type", "union", "macro_rules"],
    .javascript: ["function", "class", "const", "let", "var"],
    .typescript: ["function", "class", "interface", "type", "enum", "const", "let", "var", "namespace", "module"],
    .java: ["class", "interface", "enum", "record", "fun", "object"],
  ]

  // Words (and attribute names, since `@` is skipped) that may precede the keyword.
  private static let modifiers: [SourceLanguage: Set<String>] = [
    .python: ["async"],
    .swift: [
      "public", "private", "fileprivate", "internal", "open", "final", "static", "indirect",
      "nonisolated", "package", "MainActor", "available", "frozen", "inlinable", "usableFromInline",
      "discardableResult", "objc", "dynamic", "preconcurrency", "Sendable", "unchecked",
    ],
    .rust: ["pub", "async", "unsafe", "extern", "default", "const"],
    .javascript: ["export", "default", "async", "declare"],
    .typescript: ["export", "default", "async", "declare", "abstract"],
    .java: [
      "public", "private", "protected", "static", "final", "abstract", "sealed", "strictfp",
      "data", "internal", "open", "inline", "value",
    ],
  ]
}
