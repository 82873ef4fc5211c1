import Foundation

/// Anthropic Messages: `max_tokens` required, `system` at the top level, `x-api-key` and
/// `anthropic-version` headers.
struct AnthropicWire: ChatWireFormat {
  static let defaultBaseURL = "https://api.anthropic.com"
  static let version = "2023-06-01"
  static let defaultMaxTokens = 4096

  var baseURL: String
  var apiKey: String?
  var providerName: String { "anthropic" }

  init(baseURL: String? = nil, apiKey: String?) {
    self.baseURL = baseURL ?? Self.defaultBaseURL
    self.apiKey = apiKey
  }

  func call(for request: ChatRequest, stream: Bool) throws -> WireCall {
    let system = request.messages.filter { $0.role == .system }.map(\.content)
    let turns = request.messages.filter { $0.role != .system }
    var body: [String: Any] = [
      "model": request.model,
      "max_tokens": request.maxTokens ?? Self.defaultMaxTokens,
      "messages": turns.map { ["role": $0.role.rawValue, "content": $0.content] },
    ]
    if !system.isEmpty { body["system"] = system.joined(separator: "\n\n") }
    if let temperature = request.temperature { body["temperature"] = temperature }
    if stream { body["stream"] = true }
    var headers = [
      WireCall.Header(name: "Content-Type", value: "application/json"),
      WireCall.Header(name: "anthropic-version", value: Self.version),
    ]
    if let apiKey { headers.append(.init(name: "x-api-key", value: apiKey)) }
    if stream { headers.append(.init(name: "Accept", value: "text/event-stream")) }
    let path = baseURL.hasSuffix("/v1") || baseURL.hasSuffix("/v1/") ? "/messages" : "/v1/messages"
    return WireCall(url: joinURL(baseURL, path), headers: headers, body: try JSONValue.encode(body))
  }

  func decodeResponse(_ body: Data, requestedModel: String) throws -> ChatResponse {
    let object = try JSONValue.object(body)
    guard let blocks = object["content"] as? [[String: Any]] else {
      throw LLMError.malformedResponse("no content in the answer")
    }
    let text = blocks.filter { $0["type"] as? String == "text" }.compactMap {
      $0["text"] as? String
    }
    .joined()
    var usage = AnthropicUsage()
    usage.merge(object["usage"])
    return ChatResponse(
      content: text, model: object["model"] as? String ?? requestedModel, usage: usage.tokenUsage,
      finishReason: object["stop_reason"] as? String)
  }

  func makeStreamDecoder() -> any ChatStreamDecoder { AnthropicStreamDecoder() }

  func errorMessage(status: Int, body: Data) -> String {
    JSONValue.errorText(body) ?? JSONValue.fallbackErrorText(status: status, body: body)
  }
}

/// Anthropic reports input tokens without the cached ones; `message_delta` counts are cumulative,
/// so later values replace earlier ones instead of adding to them.
struct AnthropicUsage: Sendable {
  var input: Int?
  var output: Int?
  var cacheRead: Int?
  var cacheCreation: Int?

  mutating func merge(_ value: Any?) {
    guard let usage = value as? [String: Any] else { return }
    if let v = JSONValue.int(usage["input_tokens"]) { input = v }
    if let v = JSONValue.int(usage["output_tokens"]) { output = v }
    if let v = JSONValue.int(usage["cache_read_input_tokens"]) { cacheRead = v }
    if let v = JSONValue.int(usage["cache_creation_input_tokens"]) { cacheCreation = v }
  }

  var tokenUsage: TokenUsage? {
    guard input != nil || output != nil else { return nil }
    let prompt = (input ?? 0) + (cacheRead ?? 0) + (cacheCreation ?? 0)
    return TokenUsage(promptTokens: prompt, completionTokens: output ?? 0, cachedTokens: cacheRead)
  }
}

/// message_start, content_block_start/delta/stop, message_delta, message_stop, ping, error.
struct AnthropicStreamDecoder: ChatStreamDecoder {
  var text = ""
  var model: String?
  var usage = AnthropicUsage()
  var stopReason: String?
  var isDone = false

  mutating func consume(event: String?, data: String) throws -> [String] {
    guard !data.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
    let object = try JSONValue.object(data)
    switch object["type"] as? String ?? event {
    case "message_start":
      let message = object["message"] as? [String: Any]
      model = message?["model"] as? String ?? model
      usage.merge(message?["usage"])
    case "content_block_delta":
      let delta = object["delta"] as? [String: Any]
      if delta?["type"] as? String == "text_delta", let piece = delta?["text"] as? String,
        !piece.isEmpty
      {
        text += piece
        return [piece]
      }
    case "message_delta":
      if let reason = (object["delta"] as? [String: Any])?["stop_reason"] as? String {
        stopReason = reason
      }
      usage.merge(object["usage"])
    case "message_stop":
      isDone = true
    case "error":
      let error = object["error"] as? [String: Any]
      throw LLMError.provider(
        name: "anthropic", status: nil, message: error?["message"] as? String ?? data)
    default:
      break
    }
    return []
  }

  func response(requestedModel: String) -> ChatResponse {
    ChatResponse(
      content: text, model: model ?? requestedModel, usage: usage.tokenUsage,
      finishReason: stopReason)
  }
}
