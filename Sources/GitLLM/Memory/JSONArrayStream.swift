import Foundation

/// Reads a file holding one JSON array and yields its elements one at a time, each as the raw bytes
/// of one complete JSON object, reading the file in fixed-size chunks.
///
/// This is a structural tokenizer: it follows strings (with escapes), objects and arrays closely
/// enough to find where each top-level element starts and ends and to reject mismatched brackets,
/// stray characters and truncation with the byte offset. The bytes of one element are then decoded
/// as a whole by the caller, so memory stays bounded by one chunk plus the largest element,
/// whatever the size of the file (Foundation's `JSONSerialization` needs the whole document).
final class JSONArrayStream {
  /// One element of the array: its bytes and where it starts in the file.
  struct Element {
    var bytes: Data
    var offset: Int
    var index: Int
  }

  private enum State { case start, open, afterComma, afterElement, inElement, afterArray }

  let path: String
  let chunkSize: Int
  private let handle: FileHandle
  private var chunk: [UInt8] = []
  private var position = 0  // index into chunk
  private var chunkOffset = 0  // file offset of chunk[0]
  private var atEOF = false
  private var state = State.start
  private var element: [UInt8] = []
  private var elementOffset = 0
  private var elementCount = 0
  private var stack: [UInt8] = []  // closing brackets expected, innermost last
  private var inString = false
  private var escaped = false

  /// The file offset of the next byte to read (for progress).
  private(set) var bytesRead = 0
  /// The file offset just after the last element returned (for progress that follows the work).
  private(set) var bytesConsumed = 0
  /// The largest number of bytes held at once (one chunk plus the element being collected).
  private(set) var peakBufferedBytes = 0
  /// The file's size in bytes, when known.
  let fileSize: Int?

  init(path: String, chunkSize: Int = 1 << 20) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw MemoryError.unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    self.path = path
    self.handle = handle
    self.chunkSize = max(16, chunkSize)
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    fileSize = (attributes?[.size] as? NSNumber)?.intValue
  }

  deinit { try? handle.close() }

  /// The next element, or nil after the closing bracket.
  /// - Throws: `MemoryError.malformedExport` naming the byte offset of the problem.
  func next() throws -> Element? {
    while true {
      if position == chunk.count {
        guard try refill() else { return try endOfFile() }
      }
      if let element = try scan() { return element }
    }
  }

  private func refill() throws -> Bool {
    if atEOF { return false }
    let data: Data?
    do {
      data = try handle.read(upToCount: chunkSize)
    } catch {
      throw MemoryError.unreadable(path: path, reason: error.localizedDescription)
    }
    guard let data, !data.isEmpty else {
      atEOF = true
      return false
    }
    chunkOffset += chunk.count
    chunk = [UInt8](data)
    position = 0
    // A UTF-8 byte-order mark (Windows editors add one) is not part of the JSON: skip it.
    if chunkOffset == 0, chunk.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    bytesRead = chunkOffset + chunk.count
    peakBufferedBytes = max(peakBufferedBytes, chunk.count + element.count)
    return true
  }

  private func endOfFile() throws -> Element? {
    switch state {
    case .afterArray:
      bytesConsumed = bytesRead
      return nil
    case .start: throw malformed("the file is empty; expected a JSON array of conversations")
    case .inElement:
      throw malformed(
        "the file ends inside conversation #\(elementCount + 1), which starts at byte \(elementOffset)"
      )
    case .open, .afterComma, .afterElement:
      throw malformed("the file ends before the array's closing `]`")
    }
  }

  private func malformed(_ message: String, at offset: Int? = nil) -> MemoryError {
    .malformedExport(
      path: path, offset: offset ?? (chunkOffset + position), conversation: nil, message: message)
  }

  /// Scans from `position` to the end of the chunk or the end of one element.
  private func scan() throws -> Element? {
    try chunk.withUnsafeBufferPointer { bytes -> Element? in
      var i = position
      let end = bytes.count
      defer { position = i }
      while i < end {
        let byte = bytes[i]
        switch state {
        case .inElement:
          let start = i
          let finished = scanElement(bytes, &i)
          element.append(contentsOf: bytes[start..<i])
          if let finished {
            try finished.get()
            peakBufferedBytes = max(peakBufferedBytes, chunk.count + element.count)
            state = .afterElement
            elementCount += 1
            let done = Element(bytes: Data(element), offset: elementOffset, index: elementCount - 1)
            bytesConsumed = chunkOffset + i
            element.removeAll(keepingCapacity: element.capacity <= chunkSize * 4)
            return done
          }
          continue
        case _ where isWhitespace(byte):
          i += 1
          continue
        case .start:
          guard byte == UInt8(ascii: "[") else {
            throw malformed(
              "expected a JSON array of conversations, found `\(printable(byte))`",
              at: chunkOffset + i)
          }
          state = .open
        case .open, .afterComma:
          if byte == UInt8(ascii: "]") {
            guard state == .open else {
              throw malformed("a `,` is followed by `]` (trailing comma)", at: chunkOffset + i)
            }
            state = .afterArray
          } else {
            guard byte == UInt8(ascii: "{") else {
              throw malformed(
                "conversation #\(elementCount + 1) is not a JSON object (found `\(printable(byte))`)",
                at: chunkOffset + i)
            }
            state = .inElement
            elementOffset = chunkOffset + i
            stack = [UInt8(ascii: "}")]
            inString = false
            escaped = false
            element.append(byte)
          }
        case .afterElement:
          if byte == UInt8(ascii: "]") {
            state = .afterArray
          } else if byte == UInt8(ascii: ",") {
            state = .afterComma
          } else {
            throw malformed(
              "expected `,` or `]` after conversation #\(elementCount), found `\(printable(byte))`",
              at: chunkOffset + i)
          }
        case .afterArray:
          throw malformed(
            "unexpected `\(printable(byte))` after the end of the array", at: chunkOffset + i)
        }
        i += 1
      }
      return nil
    }
  }

  /// Advances over element bytes; returns a result when the element's last bracket was consumed.
  private func scanElement(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Result<
    Void, MemoryError
  >? {
    let end = bytes.count
    while i < end {
      let byte = bytes[i]
      i += 1
      if inString {
        if escaped {
          escaped = false
        } else if byte == UInt8(ascii: "\\") {
          escaped = true
        } else if byte == UInt8(ascii: "\"") {
          inString = false
        } else if byte < 0x20 {
          return .failure(
            malformed("a control character inside a string", at: chunkOffset + i - 1))
        }
        continue
      }
      switch byte {
      case UInt8(ascii: "\""): inString = true
      case UInt8(ascii: "{"): stack.append(UInt8(ascii: "}"))
      case UInt8(ascii: "["): stack.append(UInt8(ascii: "]"))
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        guard stack.last == byte else {
          let expected = stack.last.map { "`\(printable($0))`" } ?? "nothing"
          return .failure(
            malformed(
              "mismatched `\(printable(byte))` (expected \(expected)) in conversation #\(elementCount + 1)",
              at: chunkOffset + i - 1))
        }
        stack.removeLast()
        if stack.isEmpty { return .success(()) }
      default: break
      }
    }
    return nil
  }

  private func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  private func printable(_ byte: UInt8) -> String {
    (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : String(format: "0x%02X", byte)
  }
}
