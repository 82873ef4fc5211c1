import Foundation

extension HistorySearch {
  /// Indexes the complete lines of `file` from byte `start`; a last line without its newline is
  /// left for the next refresh (a writer may be appending it). A line longer than `maxLineBytes`
  /// is skipped without being held in memory.
  /// - Returns: records added and the offset after the last complete line.
  func index(file: String, from start: Int, firstLine: Int) throws -> (Int, Int) {
    let path = "\(directory)/\(file)"
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw MemoryError.unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    defer { try? handle.close() }
    let insert = try store.database.prepare(
      """
      INSERT INTO history (file, line, record_id, time, namespace, kind, command, text, meta)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    var offset = start
    var line = firstLine
    var added = 0
    var pending = Data()
    // Bytes of an over-long line dropped so far (nil when not inside one): memory stays bounded.
    var skipped: Int?
    do {
      try handle.seek(toOffset: UInt64(start))
      while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
        pending.append(chunk)
        var cursor = pending.startIndex
        while let newline = pending[cursor...].firstIndex(of: 0x0A) {
          let bytes = pending[cursor..<newline]
          line += 1
          let length = (skipped ?? 0) + bytes.count
          offset += length + 1
          skipped = nil
          if length <= maxLineBytes, let record = Self.record(Data(bytes)) {
            try insert.run(
              [
                file, line, record.id, record.time, record.namespace, record.kind, record.command,
                record.text, record.meta,
              ] as [any SQLBindable])
            added += 1
          }
          cursor = newline + 1
        }
        pending.removeSubrange(pending.startIndex..<cursor)
        if pending.count > maxLineBytes {
          skipped = (skipped ?? 0) + pending.count
          pending = Data()
        }
      }
    } catch let error as SQLiteError {
      throw error
    } catch {
      throw MemoryError.unreadable(path: path, reason: error.localizedDescription)
    }
    return (added, offset)
  }

  struct Record {
    var id, time, namespace, kind, command: String?
    /// What was said: prompts, answers, errors.
    var text: String
    /// Every other string of the record (model, provider, commit fields…), searchable too.
    var meta: String
  }

  static let textKeys: Set<String> = ["messages", "content", "error"]

  /// The searchable text of one record, whatever its exact shape: the conversation fields in
  /// `text`, every other string in `meta`; nil for a line that is not a JSON object.
  static func record(_ line: Data) -> Record? {
    guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
      return nil
    }
    var text: [String] = []
    var meta: [String] = []
    for (key, value) in object.sorted(by: { $0.key < $1.key }) {
      if textKeys.contains(key) {
        collect(value, into: &text, skippingKeys: ["role"])
      } else {
        collect(value, into: &meta, skippingKeys: [])
      }
    }
    let commit = object["commit"] as? [String: Any]
    let command = (commit?["command"] ?? commit?["hook"] ?? object["command"]) as? String
    return Record(
      id: object["id"] as? String, time: object["time"] as? String,
      namespace: object["namespace"] as? String, kind: object["kind"] as? String,
      command: command, text: text.joined(separator: "\n"), meta: meta.joined(separator: " "))
  }

  private static func collect(_ value: Any, into strings: inout [String], skippingKeys: Set<String>)
  {
    switch value {
    case let text as String: strings.append(text)
    case let array as [Any]:
      for item in array { collect(item, into: &strings, skippingKeys: skippingKeys) }
    case let object as [String: Any]:
      for (key, item) in object.sorted(by: { $0.key < $1.key }) where !skippingKeys.contains(key) {
        collect(item, into: &strings, skippingKeys: skippingKeys)
      }
    default: break
    }
  }
}
