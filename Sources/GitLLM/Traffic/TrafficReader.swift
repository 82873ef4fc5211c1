import Foundation

/// One whole line of a log file and where it ends.
struct TrafficLine {
  var file: String
  var end: Int
  var data: Data
}

/// Reads log files: whole lines only, from a byte offset.
enum TrafficReader {
  /// Whole lines of `path` from `offset` to the last newline.
  static func lines(path: String, from offset: Int = 0) -> [TrafficLine] {
    guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
    defer { try? handle.close() }
    guard (try? handle.seek(toOffset: UInt64(offset))) != nil,
      let data = try? handle.readToEnd(), !data.isEmpty
    else { return [] }
    var result: [TrafficLine] = []
    var start = data.startIndex
    while let newline = data[start...].firstIndex(of: UInt8(ascii: "\n")) {
      if newline > start {
        result.append(
          TrafficLine(
            file: path, end: offset + (newline + 1 - data.startIndex), data: data[start..<newline]))
      }
      start = newline + 1
    }
    return result
  }

  static func records(path: String, from offset: Int = 0) -> [TrafficRecord] {
    let decoder = JSONDecoder()
    return lines(path: path, from: offset).compactMap {
      try? decoder.decode(TrafficRecord.self, from: $0.data)
    }
  }

  /// The offset just past the last newline in the first `size` bytes of the file (0 when none).
  static func lastNewlineEnd(path: String, size: Int) -> Int {
    guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
    defer { try? handle.close() }
    var end = size
    let step = 64 * 1024
    while end > 0 {
      let start = max(0, end - step)
      guard (try? handle.seek(toOffset: UInt64(start))) != nil,
        let chunk = try? handle.read(upToCount: end - start)
      else { return 0 }
      if let index = chunk.lastIndex(of: UInt8(ascii: "\n")) {
        return start + (index - chunk.startIndex) + 1
      }
      end = start
    }
    return 0
  }
}
