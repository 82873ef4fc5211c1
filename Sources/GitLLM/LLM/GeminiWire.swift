import Foundation

/// Gemini `models/{model}:generateContent` and `:streamGenerateContent?alt=sse`, key in
/// `x-goog-api-key`, roles `user` and `model`, system text in `systemInstruction`.
struct GeminiWire: ChatWireFormat {
  static let defaultBaseURL = "https://generativelanguage.googleapis.com/v1beta"

  var baseURL: String
  var apiKey: String?
  var providerName: String { "gemini" }

  init(baseURL: String? = nil, apiKey: String?) {
    self.baseURL = baseURL ?? Self.defaultBaseURL
    self.apiKey = apiKey
  }

  func call(for request: ChatRequest, stream: Bool) throws -> WireCall {
    let system = request.messages.filter { $0.role == .system }.map(\.content)
    let contents = request.messages.filter { $0.role != .system }.map { message -> [String: Any] in
      ["role": message.role == .assistant ? "model" : "user", "parts": [["text": message.content]]]
    }
    var body: [String: Any] = ["contents": contents]
    if !system.isEmpty { body["systemInstruction"] = ["parts": system.map { ["text": $0] }] }
    var generation: [String: Any] = [:]
    if let maxTokens = request.maxTokens { generation["maxOutputTokens"] = maxTokens }
    if let temperature = request.temperature { generation["temperature"] = temperature }
    if !generation.isEmpty { body["generationConfig"] = generation }
    var headers = [WireCall.Header(name: "Content-Type", value: "application/json")]
    if let apiKey { headers.append(.init(name: "x-goog-api-key", value: apiKey)) }
    let model =
      request.model.hasPrefix("models/") ? String(request.model.dropFirst(7)) : request.model
    let method = stream ? "streamGenerateContent" : "generateContent"
    let encoded = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? model
    return WireCall(
      url: joinURL(baseURL, "/models/\(encoded):\(method)", query: stream ? ["alt=sse"] : []),
      headers: headers, body: try JSONValue.encode(body))
  }

  func decodeResponse(_ body: Data, requestedModel: String) throws -> ChatResponse {
    let object = try JSONValue.object(body)
    var decoder = GeminiStreamDecoder()
    _ = try decoder.absorb(object)
    if object["candidates"] == nil {
      throw LLMError.malformedResponse("no candidates in the answer")
    }
    return decoder.response(requestedModel: requestedModel)
  }

  func makeStreamDecoder() -> any ChatStreamDecoder { GeminiStreamDecoder() }

  func errorMessage(status: Int, body: Data) -> String {
    JSONValue.errorText(body) ?? JSONValue.fallbackErrorText(status: status, body: body)
  }

  static func usage(_ value: Any?) -> TokenUsage? {
    guard let usage = value as? [String: Any] else { return nil }
    let thoughts = JSONValue.int(usage["thoughtsTokenCount"])
    // Thinking tokens are billed as output: count them in completion tokens, as OpenAI does.
    return TokenUsage(
      promptTokens: JSONValue.int(usage["promptTokenCount"]) ?? 0,
      completionTokens: (JSONValue.int(usage["candidatesTokenCount"]) ?? 0) + (thoughts ?? 0),
      cachedTokens: JSONValue.int(usage["cachedContentTokenCount"]), reasoningTokens: thoughts)
  }
}

/// Each SSE event is a whole GenerateContentResponse holding the next piece of text; usage in
/// the latest chunk covers the whole answer so far.
struct GeminiStreamDecoder: ChatStreamDecoder {
  var text = ""
  var model: String?
  var usage: TokenUsage?
  var finishReason: String?
  var isDone = false

  mutating func consume(event: String?, data: String) throws -> [String] {
    guard !data.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
    return try absorb(JSONValue.object(data))
  }

  mutating func absorb(_ object: [String: Any]) throws -> [String] {
    if let error = object["error"] as? [String: Any] {
      throw LLMError.provider(
        name: "gemini", status: JSONValue.int(error["code"]),
        message: error["message"] as? String ?? "unknown error")
    }
    if let version = object["modelVersion"] as? String { model = version }
    if let reported = GeminiWire.usage(object["usageMetadata"]) { usage = reported }
    var deltas: [String] = []
    let candidates = object["candidates"] as? [[String: Any]] ?? []
    if let first = candidates.first {
      if let reason = first["finishReason"] as? String {
        finishReason = reason
        isDone = true
      }
      let parts = (first["content"] as? [String: Any])?["parts"] as? [[String: Any]] ?? []
      for part in parts where part["thought"] as? Bool != true {
        if let piece = part["text"] as? String, !piece.isEmpty {
          text += piece
          deltas.append(piece)
        }
      }
    }
    return deltas
  }

  func response(requestedModel: String) -> ChatResponse {
    ChatResponse(
      content: text, model: model ?? requestedModel, usage: usage, finishReason: finishReason)
  }
}
