/// Builds a summary without a model: the file's imports and declarations, each with the first
/// sentence of its doc comment. Line-based and per language, so it is fast and never fails.
public struct OutlineGenerator: Sendable {
  public var maxDeclarations = 200
  public var maxImports = 40

  public init() {}

  /// The outline of `text` (the content of `path`) as Markdown.
  public func outline(path: String, text: String) -> String {
    let language = SummaryLanguage.of(path: path)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    let (imports, declarations) = scan(lines, syntax: OutlineSyntax(language.family))
    var out = "# `\(path)`\n\n"
    let count = lines.last == "" ? lines.count - 1 : lines.count
    out += "Outline of a \(language.name) file (\(count) lines), made without a model.\n"
    if !imports.isEmpty {
      out += "\n## Imports\n\n"
      for line in imports.prefix(maxImports) { out += "- `\(line)`\n" }
      if imports.count > maxImports { out += "- … \(imports.count - maxImports) more\n" }
    }
    if !declarations.isEmpty {
      out += "\n## Declarations\n\n"
      for declaration in declarations.prefix(maxDeclarations) {
        out += String(repeating: "  ", count: declaration.depth) + "- `\(declaration.signature)`"
        out += declaration.doc.map { " — \($0)" } ?? ""
        out += "\n"
      }
      if declarations.count > maxDeclarations {
        out += "- … \(declarations.count - maxDeclarations) more\n"
      }
    }
    if imports.isEmpty && declarations.isEmpty {
      let head = lines.lazy.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        .prefix(5)
      if !head.isEmpty {
        out += "\n## Beginning\n\n```\(language.fence)\n" + head.joined(separator: "\n") + "\n```\n"
      }
    }
    return out
  }

  struct Declaration {
    var signature: String
    var doc: String?
    var depth: Int
  }

  func scan(_ lines: [String], syntax: OutlineSyntax) -> ([String], [Declaration]) {
    var imports: [String] = []
    var declarations: [Declaration] = []
    var comment: [String] = []
    var inBlockComment = false
    var inImportBlock = false
    var indents: [Int] = []  // indentation of enclosing declarations, for nesting depth
    for (number, line) in lines.enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      let indent = line.prefix { $0 == " " || $0 == "\t" }.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) }
      if inBlockComment {
        comment.append(OutlineSyntax.stripCommentMarkers(trimmed))
        if trimmed.contains("*/") { inBlockComment = false }
        continue
      }
      if trimmed.isEmpty {
        comment.removeAll()
        continue
      }
      if inImportBlock {
        if trimmed.hasPrefix(")") { inImportBlock = false } else { imports.append(trimmed) }
        continue
      }
      if syntax.blockCommentStarts(trimmed) {
        comment = [OutlineSyntax.stripCommentMarkers(trimmed)]
        inBlockComment = !trimmed.contains("*/")
        continue
      }
      if let text = syntax.lineComment(trimmed) {
        comment.append(text)
        continue
      }
      if syntax.isAttribute(trimmed) { continue }
      if let opener = syntax.importBlockOpener, trimmed == opener {
        inImportBlock = true
        continue
      }
      if indent == 0 || syntax.family == .python, syntax.isImport(trimmed) {
        imports.append(OutlineSyntax.clip(trimmed))
        comment.removeAll()
        continue
      }
      if indent <= syntax.maxDeclarationIndent,
        let signature = syntax.declaration(trimmed, indent: indent)
      {
        while let last = indents.last, last >= indent { indents.removeLast() }
        var doc = OutlineSyntax.firstSentence(comment)
        if doc == nil, syntax.family == .python {
          doc = OutlineSyntax.pythonDocstring(lines, after: number)
        }
        declarations.append(Declaration(signature: signature, doc: doc, depth: indents.count))
        indents.append(indent)
      }
      comment.removeAll()
    }
    return (imports, declarations)
  }
}
