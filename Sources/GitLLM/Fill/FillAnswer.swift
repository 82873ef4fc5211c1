import Foundation

/// What the loop takes from one model answer.
public struct FillAnswer: Sendable, Equatable {
  /// The file's new text, nil when the answer holds no code at all.
  public var code: String?
  /// Whether the answer tried to rewrite the test file.
  public var editsTest: Bool

  /// Reads an answer: the fenced block for the stub (by its label, else the longest one that is
  /// not for the test file), or the whole answer when it has no fence.
  public static func parse(_ answer: String, stubPath: String, testPath: String) -> FillAnswer {
    let blocks = fencedBlocks(answer)
    let testName = (testPath as NSString).lastPathComponent
    let stubName = (stubPath as NSString).lastPathComponent
    let forTest = { (block: Block) in block.label.contains(testPath) || block.label.contains(testName) }
    let editsTest = blocks.contains(where: forTest)
    if blocks.isEmpty {
      let whole = answer.trimmingCharacters(in: .whitespacesAndNewlines)
      return FillAnswer(code: whole.isEmpty ? nil : finish(whole), editsTest: false)
    }
    let candidates = blocks.filter { !forTest($0) }
    let chosen = candidates.first { $0.label.contains(stubName) } ?? candidates.max { $0.body.count < $1.body.count }
    guard let chosen, !chosen.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      return FillAnswer(code: nil, editsTest: editsTest)
    }
    return FillAnswer(code: finish(chosen.body), editsTest: editsTest)
  }

  /// The code without marker lines, ending in one newline.
  static func finish(_ code: String) -> String {
    var text = StubMarkers.removingMarkers(from: code)
    while text.hasSuffix("\n") { text.removeLast() }
    return text + "\n"
  }

  struct Block {
    /// The info string and the line just before the fence (where models name the file).
    var label: String
    var body: String
  }

  static func fencedBlocks(_ text: String) -> [Block] {
    var blocks: [Block] = []
    var current: [Substring]?
    var label = ""
    var fence = ""
    var previous: Substring = ""
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if current == nil {
        if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
          fence = String(trimmed.prefix { $0 == "`" || $0 == "~" })
          label = String(trimmed.dropFirst(fence.count)) + " " + previous
          current = []
        } else if !trimmed.isEmpty {
          previous = Substring(trimmed)
        }
      } else if trimmed == fence || (trimmed.hasPrefix(fence) && trimmed.allSatisfy { $0 == fence.first }) {
        blocks.append(Block(label: label, body: current!.joined(separator: "\n")))
        current = nil
        previous = ""
      } else {
        current!.append(line)
      }
    }
    if let current, !current.isEmpty {
      // An unterminated fence (a truncated answer): take what arrived.
      blocks.append(Block(label: label, body: current.joined(separator: "\n")))
    }
    return blocks
  }
}
