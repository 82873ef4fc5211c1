import Foundation

/// The languages whose test conventions and default test commands fill knows.
public enum StubLanguage: String, Sendable, Codable, CaseIterable {
  case python, swift, go, rust, javascript, typescript, shell, other

  /// The language of a path, from its extension.
  public init(path: String) {
    switch (path as NSString).pathExtension.lowercased() {
    case "py": self = .python
    case "swift": self = .swift
    case "go": self = .go
    case "rs": self = .rust
    case "js", "mjs", "cjs": self = .javascript
    case "ts", "mts", "cts": self = .typescript
    case "sh", "bash": self = .shell
    default: self = .other
    }
  }

  /// The comment prefix used when fill writes a marker line itself.
  public var commentPrefix: String {
    switch self {
    case .python, .shell, .other: "#"
    case .swift, .go, .rust, .javascript, .typescript: "//"
    }
  }
}

/// A source file to be filled: its objective and the test file that decides when it is done.
public struct Stub: Sendable, Equatable, Codable {
  /// Repository-relative path of the stub.
  public var path: String
  /// The text after `llm-stub:`.
  public var objective: String
  /// Repository-relative path of the test file.
  public var testPath: String
  public var language: StubLanguage

  public init(path: String, objective: String, testPath: String, language: StubLanguage? = nil) {
    self.path = path
    self.objective = objective
    self.testPath = testPath
    self.language = language ?? StubLanguage(path: path)
  }
}

/// The `llm-stub:` and `llm-test:` markers of a file.
public struct StubMarkers: Sendable, Equatable {
  public var objective: String
  /// The `llm-test:` value as written (relative to the stub's folder, else to the root).
  public var testPath: String?

  static let stubTag = "llm-stub:"
  static let testTag = "llm-test:"

  /// Reads the markers of a file; nil when it has no `llm-stub:` comment line.
  public static func parse(_ text: String) -> StubMarkers? {
    var objective: String?
    var testPath: String?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if objective == nil, let value = commentValue(line, tag: stubTag) { objective = value }
      if testPath == nil, let value = commentValue(line, tag: testTag), !value.isEmpty {
        testPath = value
      }
    }
    return objective.map { StubMarkers(objective: $0, testPath: testPath) }
  }

  /// Whether a line is one of the marker comments (removed from a filled file).
  public static func isMarkerLine(_ line: Substring) -> Bool {
    commentValue(line, tag: stubTag) != nil || commentValue(line, tag: testTag) != nil
  }

  /// The text after `tag` when the line is a comment holding it: only comment punctuation
  /// (`#`, `//`, `--`, `/*`, `;`, `<!--`…) may come before the tag.
  static func commentValue(_ line: Substring, tag: String) -> String? {
    guard let range = line.range(of: tag) else { return nil }
    let before = line[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
    let commentCharacters = Set("#/*-;!<%'")
    guard !before.isEmpty, before.allSatisfy({ commentCharacters.contains($0) }) else { return nil }
    var value = line[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
    for closer in ["*/", "-->"] where value.hasSuffix(closer) {
      value = String(value.dropLast(closer.count)).trimmingCharacters(in: .whitespaces)
    }
    return value
  }

  /// The text without its marker lines.
  public static func removingMarkers(from text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !isMarkerLine($0) }
      .joined(separator: "\n")
  }
}
