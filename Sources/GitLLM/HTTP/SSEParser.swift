import Foundation

/// One server-sent event.
public struct SSEEvent: Sendable, Equatable {
  /// The `event:` field; nil for the default type ("message").
  public var event: String?
  /// The `data:` lines joined with "\n".
  public var data: String
  /// The last `id:` seen in the stream so far (it carries over to later events, as the spec says).
  public var id: String?

  public init(event: String? = nil, data: String, id: String? = nil) {
    self.event = event
    self.data = data
    self.id = id
  }
}

/// Turns a `text/event-stream` body into events, whatever the byte boundaries of its pieces:
/// even inside a UTF-8 sequence or between `\r` and `\n`. Follows the WHATWG parsing rules.
public struct SSEParser: Sendable {
  private var line: [UInt8] = []
  private var skipNextLineFeed = false
  private var atStreamStart = true
  private var eventType: String?
  private var dataLines: [String] = []
  private var hasData = false
  private var lastEventID: String?
  /// The last `retry:` value in milliseconds, for callers that reconnect.
  public private(set) var retry: Int?

  public init() {}

  /// Parses the next piece of the stream.
  /// - Returns: the events completed by this piece.
  public mutating func feed(_ bytes: Data) -> [SSEEvent] {
    var events: [SSEEvent] = []
    for byte in bytes {
      if skipNextLineFeed {
        skipNextLineFeed = false
        if byte == 0x0A { continue }
      }
      switch byte {
      case 0x0D:
        skipNextLineFeed = true
        endLine(into: &events)
      case 0x0A:
        endLine(into: &events)
      default:
        line.append(byte)
      }
    }
    return events
  }

  /// Ends the stream: an unterminated last line counts as a line, and a pending event is
  /// dispatched (the spec would drop it; servers that omit the final blank line are common).
  public mutating func finish() -> [SSEEvent] {
    var events: [SSEEvent] = []
    if !line.isEmpty { endLine(into: &events) }
    dispatch(into: &events)
    skipNextLineFeed = false
    return events
  }

  private mutating func endLine(into events: inout [SSEEvent]) {
    var bytes = line[...]
    line.removeAll(keepingCapacity: true)
    if atStreamStart {
      atStreamStart = false
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // BOM
    }
    if bytes.isEmpty {
      dispatch(into: &events)
      return
    }
    if bytes.first == UInt8(ascii: ":") { return }  // comment
    let name: String
    var value: ArraySlice<UInt8> = []
    if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
      name = String(decoding: bytes[..<colon], as: UTF8.self)
      value = bytes[(colon + 1)...]
      if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
    } else {
      name = String(decoding: bytes, as: UTF8.self)
    }
    let text = String(decoding: value, as: UTF8.self)
    switch name {
    case "data":
      dataLines.append(text)
      hasData = true
    case "event":
      eventType = text
    case "id":
      if !text.contains("\u{0}") { lastEventID = text }
    case "retry":
      if !text.isEmpty, text.allSatisfy(\.isASCII), let milliseconds = Int(text) { retry = milliseconds }
    default:
      break  // unknown fields are ignored
    }
  }

  private mutating func dispatch(into events: inout [SSEEvent]) {
    defer {
      eventType = nil
      dataLines = []
      hasData = false
    }
    guard hasData else { return }
    events.append(SSEEvent(
      event: eventType.flatMap { $0.isEmpty ? nil : $0 }, data: dataLines.joined(separator: "\n"),
      id: lastEventID))
  }
}
