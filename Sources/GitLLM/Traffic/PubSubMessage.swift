import Foundation

/// Pub/Sub's documented limits, checked by git-llm itself (the emulator does not enforce them).
public enum PubSubLimits {
  public static let maxMessagesPerRequest = 1_000
  public static let maxRequestBytes = 10_000_000
  public static let maxAttributes = 100
  public static let maxAttributeKeyBytes = 256
  public static let maxAttributeValueBytes = 1_024
}

/// One message to publish: the record's JSON as data, plus attributes for subscription filters.
public struct PubSubMessage: Sendable, Equatable {
  public var recordID: String
  public var data: Data
  public var attributes: [String: String]
  /// What had to be truncated or dropped to fit the limits.
  public var notes: [String]

  /// Builds the message for a record: data is the JSON line; attributes are namespace, kind,
  /// sha, record_id, provider, model, `templates` (comma-separated) and `template_<KEYWORD>`.
  public init(record: TrafficRecord, line: Data) {
    var attributes: [(String, String)] = [
      ("record_id", record.id), ("namespace", record.namespace), ("kind", record.kind.rawValue),
      ("provider", record.provider), ("model", record.model),
    ]
    if let sha = record.commit.sha { attributes.append(("sha", sha)) }
    if let branch = record.commit.branch { attributes.append(("branch", branch)) }
    if let templates = record.templates, !templates.isEmpty {
      attributes.append(("templates", templates.joined(separator: ",")))
      attributes += templates.map { ("template_\($0)", "true") }
    }
    let checked = Self.checkAttributes(attributes)
    recordID = record.id
    data = line
    self.attributes = checked.attributes
    notes = checked.notes
    if Self.entry(data: line, attributes: self.attributes).count > Self.maxEntryBytes {
      var small = record
      small.messages = nil
      small.content = nil
      small.error =
        "record of \(line.count) bytes exceeds the Pub/Sub message limit; the full text is in the local traffic log"
      data = (try? small.jsonLine()) ?? Data()
      notes.append("data truncated from \(line.count) bytes")
    }
  }

  /// Room for one message inside a request, leaving space for the envelope.
  static let maxEntryBytes = PubSubLimits.maxRequestBytes - 64

  /// Applies the attribute limits in order: keys over 256 bytes are dropped, values over 1,024
  /// bytes are cut at a character boundary, attributes past the 100th are dropped (one slot is
  /// kept for a `git_llm_note` saying what happened).
  static func checkAttributes(_ pairs: [(String, String)]) -> (
    attributes: [String: String], notes: [String]
  ) {
    var result: [String: String] = [:]
    var notes: [String] = []
    var dropped = 0
    for (key, value) in pairs {
      guard key.utf8.count <= PubSubLimits.maxAttributeKeyBytes, !key.isEmpty else {
        notes.append("dropped attribute with a \(key.utf8.count)-byte key")
        continue
      }
      guard result.count < PubSubLimits.maxAttributes - 1 else {
        dropped += 1
        continue
      }
      var cut = value
      if value.utf8.count > PubSubLimits.maxAttributeValueBytes {
        cut = truncate(value, toBytes: PubSubLimits.maxAttributeValueBytes)
        notes.append("truncated attribute \(key) from \(value.utf8.count) bytes")
      }
      result[key] = cut
    }
    if dropped > 0 {
      notes.append("dropped \(dropped) attributes over the limit of \(PubSubLimits.maxAttributes)")
    }
    if !notes.isEmpty {
      result["git_llm_note"] = truncate(
        notes.joined(separator: "; "), toBytes: PubSubLimits.maxAttributeValueBytes)
    }
    return (result, notes)
  }

  static func truncate(_ text: String, toBytes limit: Int) -> String {
    let bytes = Array(text.utf8)
    guard bytes.count > limit else { return text }
    var end = limit
    // Step back off UTF-8 continuation bytes so no scalar is split.
    while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
    return String(decoding: bytes[..<end], as: UTF8.self)
  }

  /// The message as it appears inside the publish request's `messages` array.
  static func entry(data: Data, attributes: [String: String]) -> Data {
    var object: [String: Any] = ["data": data.base64EncodedString()]
    if !attributes.isEmpty { object["attributes"] = attributes }
    return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
  }

  var entry: Data { Self.entry(data: data, attributes: attributes) }
}

/// A publish request body (`{"messages": [...]}`) within the documented limits.
public struct PubSubBatch: Sendable, Equatable {
  public var recordIDs: [String]
  public var body: Data

  /// Splits messages, in order, into requests of at most 1,000 messages and 10 MB.
  public static func batches(_ messages: [PubSubMessage]) -> [PubSubBatch] {
    let prefix = Data(#"{"messages":["#.utf8)
    let suffix = Data("]}".utf8)
    var batches: [PubSubBatch] = []
    var ids: [String] = []
    var body = prefix
    func close() {
      guard !ids.isEmpty else { return }
      body.append(suffix)
      batches.append(PubSubBatch(recordIDs: ids, body: body))
      ids = []
      body = prefix
    }
    for message in messages {
      let entry = message.entry
      let added = entry.count + (ids.isEmpty ? 0 : 1)
      if ids.count == PubSubLimits.maxMessagesPerRequest
        || body.count + added + suffix.count > PubSubLimits.maxRequestBytes
      {
        close()
      }
      if !ids.isEmpty { body.append(UInt8(ascii: ",")) }
      body.append(entry)
      ids.append(message.recordID)
    }
    close()
    return batches
  }
}
