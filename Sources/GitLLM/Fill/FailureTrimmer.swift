import Foundation

/// Shortens test output for the model: absolute paths and timings stripped (so the same failure
/// reads the same in every checkout and run), then the head, the error blocks and the tail kept.
public struct FailureTrimmer: Sendable {
  /// Folders replaced by relative paths: the work tree, the temporary checkout, the temp folder.
  public var roots: [String]
  /// Upper bound on the result, in characters.
  public var limit: Int
  public var headLines = 25
  public var tailLines = 40
  public var blockLines = 15

  public init(roots: [String], limit: Int = 6000) {
    self.roots = roots
    self.limit = limit
  }

  public func trim(_ output: String) -> String {
    var text = stripPaths(output)
    text = FailureTrimmer.stripTimings(text)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var kept = lines
    if text.count > limit && lines.count > headLines + tailLines {
      kept = select(lines)
    }
    var result = kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    if result.count > limit {
      let half = limit / 2
      result = String(result.prefix(half)) + "\n… (trimmed) …\n" + String(result.suffix(half))
    }
    return result
  }

  /// Head, tail and the error blocks in between, with a marker where lines were dropped.
  func select(_ lines: [String]) -> [String] {
    var keep = Set(0..<headLines).union((lines.count - tailLines)..<lines.count)
    var index = headLines
    while index < lines.count - tailLines {
      if FailureTrimmer.startsErrorBlock(lines[index]) {
        let end = min(lines.count, index + blockLines)
        keep.formUnion(index..<end)
        index = end
      } else {
        index += 1
      }
    }
    var result: [String] = []
    var skipped = 0
    for (offset, line) in lines.enumerated() {
      if keep.contains(offset) {
        if skipped > 0 { result.append("… (\(skipped) lines omitted) …") }
        skipped = 0
        result.append(line)
      } else {
        skipped += 1
      }
    }
    return result
  }

  static func startsErrorBlock(_ line: String) -> Bool {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    let lowered = trimmed.lowercased()
    return trimmed.hasPrefix("Traceback") || trimmed.hasPrefix("E ") || trimmed.hasPrefix("FAIL")
      || trimmed.hasPrefix("ERROR") || lowered.contains("error:") || lowered.hasPrefix("assert")
      || lowered.contains("assertionerror") || lowered.contains("panic:")
      || lowered.contains("expectation failed") || lowered.contains("expected")
  }

  func stripPaths(_ text: String) -> String {
    var text = text
    let temporary = FileManager.default.temporaryDirectory.path
    let all = (roots + [temporary]).filter { $0.count > 1 }
      .flatMap { [$0, URL(fileURLWithPath: $0).resolvingSymlinksInPath().path] }
    for root in Set(all).sorted(by: { $0.count > $1.count }) {
      let bare = root.hasSuffix("/") ? String(root.dropLast()) : root
      text = text.replacingOccurrences(of: bare + "/", with: "")
      text = text.replacingOccurrences(of: bare, with: ".")
    }
    return text
  }

  static let timingPatterns: [NSRegularExpression] = [
    // "in 0.012s", "(0.01 seconds)", "after 0.002 seconds", "took 12ms", "1.3 sec"
    #"\s*\b(in|after|took)?\s*\(?\d+(\.\d+)?\s?(ms|s|sec|secs|seconds|µs|us)\b\)?"#,
    // 2024-05-01T12:00:00.123Z and 12:00:00.123 clock stamps
    #"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?"#,
    #"\b\d{2}:\d{2}:\d{2}\.\d+\b"#,
  ].map { try! NSRegularExpression(pattern: $0) }

  static func stripTimings(_ text: String) -> String {
    var text = text
    for pattern in timingPatterns {
      text = pattern.stringByReplacingMatches(
        in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
    }
    return text
  }
}
