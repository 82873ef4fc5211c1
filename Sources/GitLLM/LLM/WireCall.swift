import Foundation

/// One HTTP call a provider wire format wants made, before the HTTP layer sends it.
struct WireCall: Sendable, Equatable {
  struct Header: Sendable, Equatable {
    var name: String
    var value: String
  }

  var method = "POST"
  var url: String
  var headers: [Header]
  var body: Data

  func header(_ name: String) -> String? {
    headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
  }
}

/// Turns one provider's stream events into text deltas and, at the end, the whole answer.
protocol ChatStreamDecoder: Sendable {
  /// Consumes one SSE event; returns the text it adds. Throws the provider's error when the stream
  /// carries one.
  mutating func consume(event: String?, data: String) throws -> [String]
  /// True once the provider said the stream is complete.
  var isDone: Bool { get }
  /// The whole answer so far.
  func response(requestedModel: String) -> ChatResponse
}

/// A chat provider's documented wire protocol: request bodies, answers, stream events, errors.
protocol ChatWireFormat: Sendable {
  var providerName: String { get }
  func call(for request: ChatRequest, stream: Bool) throws -> WireCall
  func decodeResponse(_ body: Data, requestedModel: String) throws -> ChatResponse
  func makeStreamDecoder() -> any ChatStreamDecoder
  /// The provider's own error message from an error body, or the body text when it has none.
  func errorMessage(status: Int, body: Data) -> String
}

/// Small JSON helpers over JSONSerialization: provider formats are loose, so decode tolerantly.
enum JSONValue {
  static func object(_ data: Data) throws -> [String: Any] {
    let value: Any
    do {
      value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    } catch {
      let text = String(decoding: data.prefix(200), as: UTF8.self)
      throw LLMError.malformedResponse("not JSON: \(text)")
    }
    guard let object = value as? [String: Any] else {
      throw LLMError.malformedResponse("expected a JSON object")
    }
    return object
  }

  static func object(_ text: String) throws -> [String: Any] { try object(Data(text.utf8)) }

  static func encode(_ object: [String: Any]) throws -> Data {
    try JSONSerialization.data(
      withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
  }

  static func int(_ value: Any?) -> Int? {
    if let number = value as? NSNumber { return number.intValue }
    if let text = value as? String { return Int(text) }
    return nil
  }

  /// The `message` inside `{"error": {"message": …}}`, `{"error": "…"}` or `{"message": …}`.
  static func errorText(_ body: Data) -> String? {
    guard let object = try? object(body) else { return nil }
    if let error = object["error"] as? [String: Any], let message = error["message"] as? String {
      return message
    }
    if let error = object["error"] as? String { return error }
    if let message = object["message"] as? String { return message }
    return nil
  }

  static func fallbackErrorText(status: Int, body: Data) -> String {
    let text = String(decoding: body.prefix(500), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return text.isEmpty ? "HTTP \(status)" : text
  }
}

/// Joins a base URL and a path, keeping any query string of the base at the end.
func joinURL(_ base: String, _ path: String, query: [String] = []) -> String {
  var root = base
  var baseQuery: String?
  if let mark = base.firstIndex(of: "?") {
    root = String(base[..<mark])
    baseQuery = String(base[base.index(after: mark)...])
  }
  while root.hasSuffix("/") { root.removeLast() }
  let parts = ([baseQuery].compactMap { $0 }.filter { !$0.isEmpty }) + query
  return root + path + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
}
