import Foundation

/// OpenAI Chat Completions, and every server that speaks it (Azure OpenAI, Ollama, vLLM,
/// llama.cpp server, LM Studio, OpenRouter), chosen by base URL.
struct OpenAIWire: ChatWireFormat {
  static let defaultBaseURL = "https://api.openai.com/v1"
  static let azureAPIVersion = "2024-10-21"

  var baseURL: String
  var apiKey: String?
  /// Azure OpenAI: the base URL is the deployment (`https://R.openai.azure.com/openai/deployments/D`),
  /// the key goes in `api-key` and an `api-version` query is required.
  var isAzure: Bool
  var providerName: String { isAzure ? "azure" : "openai" }

  init(baseURL: String? = nil, apiKey: String?, isAzure: Bool = false) {
    let base = baseURL ?? Self.defaultBaseURL
    self.baseURL = base
    self.apiKey = apiKey
    self.isAzure = isAzure || base.contains(".openai.azure.com")
  }

  func call(for request: ChatRequest, stream: Bool) throws -> WireCall {
    var body: [String: Any] = [
      "model": request.model,
      "messages": request.messages.map { ["role": $0.role.rawValue, "content": $0.content] },
    ]
    if let maxTokens = request.maxTokens {
      // OpenAI's reasoning models reject max_tokens; the compatible servers still expect it.
      body[Self.usesCompletionTokenLimit(request.model) ? "max_completion_tokens" : "max_tokens"] =
        maxTokens
    }
    if let temperature = request.temperature { body["temperature"] = temperature }
    if stream {
      body["stream"] = true
      body["stream_options"] = ["include_usage": true]
    }
    var headers = [WireCall.Header(name: "Content-Type", value: "application/json")]
    if stream { headers.append(.init(name: "Accept", value: "text/event-stream")) }
    var query: [String] = []
    if isAzure {
      if let apiKey { headers.append(.init(name: "api-key", value: apiKey)) }
      if !baseURL.contains("api-version=") { query.append("api-version=\(Self.azureAPIVersion)") }
    } else if let apiKey, !apiKey.isEmpty {
      headers.append(.init(name: "Authorization", value: "Bearer \(apiKey)"))
    }
    return WireCall(
      url: joinURL(baseURL, "/chat/completions", query: query), headers: headers,
      body: try JSONValue.encode(body))
  }

  static func usesCompletionTokenLimit(_ model: String) -> Bool {
    let name = model.split(separator: "/").last.map(String.init) ?? model
    return ["o1", "o3", "o4", "gpt-5"].contains { name == $0 || name.hasPrefix($0 + "-") }
  }

  func decodeResponse(_ body: Data, requestedModel: String) throws -> ChatResponse {
    let object = try JSONValue.object(body)
    guard let choices = object["choices"] as? [[String: Any]], let first = choices.first else {
      throw LLMError.malformedResponse("no choices in the answer")
    }
    let message = first["message"] as? [String: Any]
    let content = message?["content"] as? String ?? ""
    return ChatResponse(
      content: content, model: object["model"] as? String ?? requestedModel,
      usage: Self.usage(object["usage"]), finishReason: first["finish_reason"] as? String)
  }

  static func usage(_ value: Any?) -> TokenUsage? {
    guard let usage = value as? [String: Any] else { return nil }
    let prompt = usage["prompt_tokens_details"] as? [String: Any]
    let completion = usage["completion_tokens_details"] as? [String: Any]
    return TokenUsage(
      promptTokens: JSONValue.int(usage["prompt_tokens"]) ?? 0,
      completionTokens: JSONValue.int(usage["completion_tokens"]) ?? 0,
      cachedTokens: JSONValue.int(prompt?["cached_tokens"]),
      reasoningTokens: JSONValue.int(completion?["reasoning_tokens"]))
  }

  func makeStreamDecoder() -> any ChatStreamDecoder { OpenAIStreamDecoder() }

  func errorMessage(status: Int, body: Data) -> String {
    JSONValue.errorText(body) ?? JSONValue.fallbackErrorText(status: status, body: body)
  }
}

/// `data: {chunk}` events with `choices[0].delta.content`, a usage-only chunk last when
/// `stream_options.include_usage` is set, then `data: [DONE]`.
struct OpenAIStreamDecoder: ChatStreamDecoder {
  var text = ""
  var model: String?
  var usage: TokenUsage?
  var finishReason: String?
  var isDone = false

  mutating func consume(event: String?, data: String) throws -> [String] {
    let trimmed = data.trimmingCharacters(in: .whitespaces)
    if trimmed == "[DONE]" {
      isDone = true
      return []
    }
    if trimmed.isEmpty { return [] }
    let chunk = try JSONValue.object(trimmed)
    if let error = chunk["error"] {
      let message = (error as? [String: Any])?["message"] as? String ?? "\(error)"
      throw LLMError.provider(name: "openai", status: nil, message: message)
    }
    if let name = chunk["model"] as? String, !name.isEmpty { model = name }
    if let reported = OpenAIWire.usage(chunk["usage"]) { usage = reported }
    var deltas: [String] = []
    for choice in chunk["choices"] as? [[String: Any]] ?? [] {
      if let reason = choice["finish_reason"] as? String { finishReason = reason }
      if let delta = choice["delta"] as? [String: Any], let piece = delta["content"] as? String,
        !piece.isEmpty
      {
        text += piece
        deltas.append(piece)
      }
    }
    return deltas
  }

  func response(requestedModel: String) -> ChatResponse {
    ChatResponse(
      content: text, model: model ?? requestedModel, usage: usage, finishReason: finishReason)
  }
}
