/// What the outline recognises in one language family: comments, imports, declarations.
struct OutlineSyntax {
  var family: SummaryLanguage.Family

  init(_ family: SummaryLanguage.Family) { self.family = family }

  var maxDeclarationIndent: Int {
    switch family {
    case .c, .shell: 0
    case .go: 0
    case .plain: -1
    default: 8
    }
  }

  var importBlockOpener: String? { family == .go ? "import (" : nil }

  func blockCommentStarts(_ line: String) -> Bool {
    switch family {
    case .python, .shell, .plain: false
    default: line.hasPrefix("/*")
    }
  }

  /// The text of a line comment, or nil when the line is not one.
  func lineComment(_ line: String) -> String? {
    switch family {
    case .python, .shell:
      guard line.hasPrefix("#"), !line.hasPrefix("#!") else { return nil }
      return String(line.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces)
    case .plain: return nil
    default:
      guard line.hasPrefix("//") else { return nil }
      return String(line.drop { $0 == "/" || $0 == "!" }).trimmingCharacters(in: .whitespaces)
    }
  }

  func isAttribute(_ line: String) -> Bool {
    switch family {
    case .swift, .java, .python:
      line.hasPrefix("@") && !line.contains(" func ") && !line.contains(" class ")
    case .rust: line.hasPrefix("#[") || line.hasPrefix("#![")
    default: false
    }
  }

  func isImport(_ line: String) -> Bool {
    switch family {
    case .python:
      line.hasPrefix("import ") || (line.hasPrefix("from ") && line.contains(" import "))
    case .swift: line.hasPrefix("import ") || line.hasPrefix("@_exported import ")
    case .go: line.hasPrefix("import ") || line.hasPrefix("package ")
    case .rust:
      line.hasPrefix("use ") || line.hasPrefix("pub use ") || line.hasPrefix("extern crate ")
    case .javascript:
      line.hasPrefix("import ") || (line.contains("require(") && !line.hasPrefix("//"))
    case .java: line.hasPrefix("import ") || line.hasPrefix("package ") || line.hasPrefix("using ")
    case .c: line.hasPrefix("#include") || line.hasPrefix("#import")
    case .shell: line.hasPrefix("source ") || line.hasPrefix(". ")
    case .plain: false
    }
  }

  static let modifiers: Set<String> = [
    "public", "private", "internal", "fileprivate", "open", "static", "final", "export", "default",
    "async", "pub", "pub(crate)", "pub(super)", "unsafe", "abstract", "protected", "override",
    "mutating", "nonmutating", "nonisolated", "convenience", "required", "indirect", "extern",
    "const", "inline", "synchronized", "sealed", "data", "suspend", "declare", "readonly", "lazy",
    "public(set)", "private(set)", "package", "distributed", "optional", "dynamic", "virtual",
  ]

  static let keywords: [SummaryLanguage.Family: Set<String>] = [
    .python: ["def", "class"],
    .swift: [
      "func", "class", "struct", "enum", "protocol", "extension", "actor", "init", "typealias",
      "macro", "subscript",
    ],
    .go: ["func", "type"],
    .rust: ["fn", "struct", "enum", "trait", "impl", "mod", "type", "macro_rules!", "union"],
    .javascript: ["function", "function*", "class", "interface", "type", "enum", "namespace"],
    .java: ["class", "interface", "enum", "record", "object", "fun", "trait", "@interface"],
    .c: ["struct", "enum", "union", "typedef", "class", "namespace"],
    .shell: ["function"],
  ]

  static let control: Set<String> = [
    "if", "for", "while", "switch", "return", "else", "catch", "try", "do", "new", "throw", "case",
    "sizeof", "elif", "match", "when", "yield", "await", "delete",
  ]

  /// The declaration's signature when the line starts one.
  func declaration(_ line: String, indent: Int) -> String? {
    let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard let first = words.first(where: { !OutlineSyntax.modifiers.contains($0) }) else {
      return nil
    }
    let keyword = first.split(separator: "(").first.map(String.init) ?? first
    if OutlineSyntax.keywords[family]?.contains(keyword) == true { return signature(line) }
    if OutlineSyntax.control.contains(keyword) || line.hasPrefix("}") || line.hasPrefix("#") {
      return nil
    }
    switch family {
    case .javascript:
      // `const name = (…) =>` and `name(args) {` methods inside classes.
      let statement = line.hasPrefix("export ") ? String(line.dropFirst(7)) : line
      if ["const ", "let ", "var "].contains(where: statement.hasPrefix),
        line.contains("=>") || line.contains("= function")
      {
        return signature(line)
      }
      if indent > 0, isCallShaped(line), line.hasSuffix("{") { return signature(line) }
    case .java, .c:
      // `Type name(args) {` (or a prototype ending in `;` in a header).
      if isCallShaped(line), words.count >= 2, !line.contains(" = "),
        line.hasSuffix("{") || line.hasSuffix(")") || (family == .c && line.hasSuffix(");"))
      {
        return signature(line)
      }
    case .shell:
      if line.hasSuffix("() {") || line.hasSuffix("(){") || line.hasSuffix("()") {
        return signature(line)
      }
    default: break
    }
    return nil
  }

  private func isCallShaped(_ line: String) -> Bool {
    guard let open = line.firstIndex(of: "("), open != line.startIndex else { return false }
    let before = line[line.index(before: open)]
    return before.isLetter || before.isNumber || before == "_"
  }

  private func signature(_ line: String) -> String {
    var text = line
    // The signature stops where the body starts, even a one-line body (`init() {}`).
    if family != .python,
      let body = text.range(of: " {")
        ?? (text.hasSuffix("{") ? text.range(of: "{", options: .backwards) : nil)
    {
      text = String(text[..<body.lowerBound])
    }
    if family == .python, text.hasSuffix(":") { text.removeLast() }
    return OutlineSyntax.clip(text.trimmingCharacters(in: .whitespaces))
  }

  static func clip(_ text: String) -> String {
    let cleaned = text.replacingOccurrences(of: "`", with: "'")
    return cleaned.count > 160 ? String(cleaned.prefix(157)) + "…" : cleaned
  }

  static func stripCommentMarkers(_ line: String) -> String {
    var text = line
    for marker in ["/**", "/*!", "/*"] where text.hasPrefix(marker) {
      text.removeFirst(marker.count)
      break
    }
    if let end = text.range(of: "*/") { text = String(text[..<end.lowerBound]) }
    while text.hasPrefix("*") { text.removeFirst() }
    return text.trimmingCharacters(in: .whitespaces)
  }

  /// The first sentence of a comment, skipping tags (`@param`, `- Parameter`) and blank lines.
  static func firstSentence(_ comment: [String]) -> String? {
    let words = comment.prefix { !$0.hasPrefix("@") && !$0.hasPrefix("- ") && !$0.hasPrefix(":") }
      .filter { !$0.isEmpty }.joined(separator: " ")
    guard !words.isEmpty else { return nil }
    var sentence = words
    if let stop = words.range(of: ". ") { sentence = String(words[..<stop.lowerBound]) + "." }
    return clip(sentence)
  }

  /// A Python docstring's first line, when the statement after `line` opens one.
  static func pythonDocstring(_ lines: [String], after line: Int) -> String? {
    // The signature may span lines: the body starts after the line ending in `:`.
    guard
      let colon = (line..<min(lines.count, line + 12)).first(where: {
        lines[$0].trimmingCharacters(in: .whitespaces).hasSuffix(":")
      })
    else { return nil }
    var index = colon + 1
    while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).isEmpty {
      index += 1
    }
    guard index < lines.count else { return nil }
    var text = lines[index].trimmingCharacters(in: .whitespaces)
    var quote = ""
    for prefix in ["r\"\"\"", "\"\"\"", "r'''", "'''"] where text.hasPrefix(prefix) {
      quote = String(prefix.suffix(3))
      text.removeFirst(prefix.count)
      break
    }
    guard !quote.isEmpty else { return nil }
    if let end = text.range(of: quote) { text = String(text[..<end.lowerBound]) }
    if text.trimmingCharacters(in: .whitespaces).isEmpty, index + 1 < lines.count {
      text = lines[index + 1].trimmingCharacters(in: .whitespaces)
      if let end = text.range(of: quote) { text = String(text[..<end.lowerBound]) }
    }
    return firstSentence([text.trimmingCharacters(in: .whitespaces)])
  }
}
