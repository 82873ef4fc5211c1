/// A piece of a file that is indexed and retrieved as one unit.
public struct Chunk: Sendable, Equatable, Codable {
  public var path: String
  /// 1-based, inclusive.
  public var startLine: Int
  /// 1-based, inclusive.
  public var endLine: Int
  public var text: String

  public init(path: String, startLine: Int, endLine: Int, text: String) {
    self.path = path
    self.startLine = startLine
    self.endLine = endLine
    self.text = text
  }
}

/// Splits files at top-level declarations (code), headings (Markdown), else into overlapping line
/// windows; declarations longer than `maxDeclarationLines` are split into windows too.
public struct Chunker: Sendable {
  public var windowLines: Int
  public var overlapLines: Int
  public var maxDeclarationLines: Int
  /// Neighbouring declarations shorter than this are merged (runs of imports, one-line types).
  public var minChunkLines: Int

  public init(windowLines: Int = 60, overlapLines: Int = 10, maxDeclarationLines: Int = 100, minChunkLines: Int = 6) {
    self.windowLines = max(windowLines, 2)
    self.overlapLines = min(max(overlapLines, 0), self.windowLines - 1)
    self.maxDeclarationLines = max(maxDeclarationLines, self.windowLines)
    self.minChunkLines = minChunkLines
  }

  /// The chunks of one file, language from its extension.
  public func chunks(path: String, text: String) -> [Chunk] {
    chunks(path: path, text: text, language: SourceLanguage(path: path))
  }

  public func chunks(path: String, text: String, language: SourceLanguage) -> [Chunk] {
    let lines = LineTable(text)
    guard lines.count > 0 else { return [] }
    let starts = DeclarationScanner(language: language).segmentStarts(lines)
    var segments: [Range<Int>] = []
    for (index, start) in starts.enumerated() {
      let end = index + 1 < starts.count ? starts[index + 1] : lines.count
      if start < end { segments.append(start..<end) }
    }
    let limit = starts.count > 1 ? maxDeclarationLines : windowLines
    var chunks: [Chunk] = []
    for segment in merged(segments) {
      for window in windows(segment, limit: limit) {
        if let chunk = lines.chunk(path: path, lines: window) { chunks.append(chunk) }
      }
    }
    return chunks
  }

  // Merges a short segment into the next one while the result stays within the declaration bound.
  private func merged(_ segments: [Range<Int>]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    for segment in segments {
      if let last = result.last, last.count < minChunkLines,
        segment.upperBound - last.lowerBound <= maxDeclarationLines
      {
        result[result.count - 1] = last.lowerBound..<segment.upperBound
      } else {
        result.append(segment)
      }
    }
    return result
  }

  private func windows(_ segment: Range<Int>, limit: Int) -> [Range<Int>] {
    guard segment.count > limit else { return [segment] }
    var result: [Range<Int>] = []
    var start = segment.lowerBound
    while true {
      let end = min(start + windowLines, segment.upperBound)
      result.append(start..<end)
      if end == segment.upperBound { break }
      start = end - overlapLines
    }
    return result
  }
}

/// A file's bytes with the offset of every line; line `i` is 0-based here.
struct LineTable {
  let bytes: [UInt8]
  private var starts: [Int] = []

  init(_ text: String) {
    bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return }
    starts.reserveCapacity(bytes.count / 32)
    starts.append(0)
    for index in bytes.indices where bytes[index] == 10 && index + 1 < bytes.count {
      starts.append(index + 1)
    }
  }

  var count: Int { starts.count }

  /// Line `i` without its line terminator.
  subscript(index: Int) -> ArraySlice<UInt8> {
    var end = index + 1 < starts.count ? starts[index + 1] : bytes.count
    if end > starts[index], bytes[end - 1] == 10 { end -= 1 }
    if end > starts[index], bytes[end - 1] == 13 { end -= 1 }
    return bytes[starts[index]..<end]
  }

  func isBlank(_ index: Int) -> Bool {
    self[index].allSatisfy { $0 == 32 || $0 == 9 || $0 == 12 }
  }

  /// The chunk for a range of lines, trailing and leading blank lines trimmed; nil when all blank.
  func chunk(path: String, lines: Range<Int>) -> Chunk? {
    var first = lines.lowerBound
    var last = lines.upperBound - 1
    while first <= last, isBlank(first) { first += 1 }
    while last >= first, isBlank(last) { last -= 1 }
    guard first <= last else { return nil }
    let end = last + 1 < starts.count ? starts[last + 1] : bytes.count
    var slice = bytes[starts[first]..<end]
    while let tail = slice.last, tail == 10 || tail == 13 { slice = slice.dropLast() }
    return Chunk(
      path: path, startLine: first + 1, endLine: last + 1,
      text: String(decoding: slice, as: UTF8.self))
  }
}
