import Foundation

/// A summary file: front matter naming the source and the blob it describes, then Markdown.
public struct Summary: Sendable, Equatable {
  /// The `model` value of summaries built without a model.
  public static let outlineModel = "outline"

  public var source: String
  /// The blob id of the source as staged when the summary was made.
  public var sourceBlob: ObjectID
  public var model: String
  public var generatedAt: Date
  public var body: String

  public init(
    source: String, sourceBlob: ObjectID, model: String, generatedAt: Date = Date(), body: String
  ) {
    self.source = source
    self.sourceBlob = sourceBlob
    self.model = model
    self.generatedAt = generatedAt
    self.body = body
  }

  public var isOutline: Bool { model == Summary.outlineModel }

  /// The file's text.
  public func rendered() -> String {
    let time = generatedAt.formatted(.iso8601)
    let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
    return "---\nsource: \(source)\nsource-blob: \(sourceBlob.hex)\nmodel: \(model)\n"
      + "generated-at: \(time)\n---\n\n\(text)\n"
  }
}

/// The front matter of a summary file, read without the body.
public struct SummaryFrontMatter: Sendable, Equatable {
  public var source: String?
  public var sourceBlob: ObjectID?
  public var model: String?
  public var generatedAt: String?

  /// Parses the leading `---` block; nil when the text does not start with one or it never ends.
  /// Only the front matter's bytes are decoded, so a large body costs nothing.
  public static func parse(_ data: Data) -> SummaryFrontMatter? {
    parseWithEnd(data)?.matter
  }

  static func parseWithEnd(_ data: Data) -> (matter: SummaryFrontMatter, bodyStart: Int)? {
    let bytes = [UInt8](data.prefix(4096))
    guard bytes.starts(with: Array("---\n".utf8)) || bytes.starts(with: Array("---\r\n".utf8))
    else {
      return nil
    }
    var matter = SummaryFrontMatter()
    var seen: Set<String> = []
    var lineStart = bytes[3] == 0x0A ? 4 : 5
    while lineStart < bytes.count {
      let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
      var line = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
      if line.hasSuffix("\r") { line.removeLast() }
      if line == "---" { return (matter, min(lineEnd + 1, data.count)) }
      // A merge left its conflict here: which side's `source-blob` holds is unknowable.
      if isConflictMarker(line, separatorToo: true) { return nil }
      if let colon = line.firstIndex(of: ":") {
        let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        // A repeated key (the two sides of a merge, say) makes the front matter ambiguous.
        guard seen.insert(key).inserted else { return nil }
        switch key {
        case "source": matter.source = value
        case "source-blob": matter.sourceBlob = ObjectID(hex: value)
        case "model": matter.model = value
        case "generated-at": matter.generatedAt = value
        default: break
        }
      }
      lineStart = lineEnd + 1
    }
    return nil
  }

  /// Whether a line is one git writes around a conflict (`<<<<<<< ours`, `>>>>>>> theirs`, the
  /// diff3 `||||||| base`), or its `=======` separator when `separatorToo` (in a Markdown body
  /// that line can be a heading's underline).
  static func isConflictMarker(_ line: some StringProtocol, separatorToo: Bool) -> Bool {
    for marker in ["<<<<<<<", ">>>>>>>", "|||||||"] where line.hasPrefix(marker) {
      let rest = line.dropFirst(7)
      if rest.isEmpty || rest.first == " " { return true }
    }
    return separatorToo && line == "======="
  }

  /// Whether any line of the text is a conflict marker other than `=======`.
  static func containsConflictMarkers(_ data: Data) -> Bool {
    var start = data.startIndex
    while start < data.endIndex {
      let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
      let first = data[start]
      if first == 0x3C || first == 0x3E || first == 0x7C,
        isConflictMarker(String(decoding: data[start..<end], as: UTF8.self), separatorToo: false)
      {
        return true
      }
      start = end + 1
    }
    return false
  }
}

extension Summary {
  /// Reads a whole summary file; nil when its front matter is missing or incomplete.
  public static func parse(_ data: Data) -> Summary? {
    guard let (matter, bodyStart) = SummaryFrontMatter.parseWithEnd(data),
      let source = matter.source, let blob = matter.sourceBlob, let model = matter.model
    else { return nil }
    let time =
      matter.generatedAt.flatMap { try? Date($0, strategy: .iso8601) }
      ?? Date(timeIntervalSince1970: 0)
    let body = String(decoding: data.dropFirst(bodyStart), as: UTF8.self)
    return Summary(
      source: source, sourceBlob: blob, model: model, generatedAt: time,
      body: body.trimmingCharacters(in: .whitespacesAndNewlines))
  }
}
