import Foundation
import Testing

@testable import GitLLM

@Suite struct OpenAIWireTests {
  let request = ChatRequest(
    model: "gpt-4o-mini", messages: [.system("be brief"), .user("hi")], maxTokens: 50,
    temperature: 0.2)

  func body(_ call: WireCall) throws -> [String: Any] { try JSONValue.object(call.body) }

  @Test func requestCarriesModelMessagesAndBearerKey() throws {
    let call = try OpenAIWire(apiKey: "sk-test-123").call(for: request, stream: false)
    #expect(call.url == "https://api.openai.com/v1/chat/completions")
    #expect(call.header("authorization") == "Bearer sk-test-123")
    let json = try body(call)
    #expect(json["model"] as? String == "gpt-4o-mini")
    #expect(json["max_tokens"] as? Int == 50)
    #expect(json["stream"] == nil)
    let messages = json["messages"] as? [[String: String]]
    #expect(
      messages == [["role": "system", "content": "be brief"], ["role": "user", "content": "hi"]])
  }

  @Test func streamingAsksForUsage() throws {
    let json = try body(
      OpenAIWire(baseURL: "http://127.0.0.1:9/v1/", apiKey: nil).call(for: request, stream: true))
    #expect(json["stream"] as? Bool == true)
    #expect((json["stream_options"] as? [String: Bool]) == ["include_usage": true])
  }

  @Test func reasoningModelsUseMaxCompletionTokens() throws {
    var o3 = request
    o3.model = "o3-mini"
    let json = try body(OpenAIWire(apiKey: "k").call(for: o3, stream: false))
    #expect(json["max_completion_tokens"] as? Int == 50)
    #expect(json["max_tokens"] == nil)
  }

  @Test func azureUsesApiKeyHeaderAndVersionQuery() throws {
    let wire = OpenAIWire(
      baseURL: "https://r.openai.azure.com/openai/deployments/gpt4o", apiKey: "az-key-1")
    let call = try wire.call(for: request, stream: false)
    #expect(wire.providerName == "azure")
    #expect(
      call.url
        == "https://r.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"
    )
    #expect(call.header("api-key") == "az-key-1")
    #expect(call.header("authorization") == nil)
    let pinned = OpenAIWire(
      baseURL: "https://r.openai.azure.com/openai/deployments/d?api-version=2025-01-01",
      apiKey: "k", isAzure: true)
    #expect(
      try pinned.call(for: request, stream: false).url.hasSuffix(
        "/d/chat/completions?api-version=2025-01-01"))
  }

  @Test func decodesAnswerWithCachedAndReasoningTokens() throws {
    let body = Data(
      """
      {"id":"x","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":20,"completion_tokens":7,"total_tokens":27,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":3}}}
      """.utf8)
    let answer = try OpenAIWire(apiKey: nil).decodeResponse(body, requestedModel: "gpt-4o-mini")
    #expect(answer.content == "Hello!")
    #expect(answer.model == "gpt-4o-mini-2024-07-18")
    #expect(answer.finishReason == "stop")
    #expect(
      answer.usage
        == TokenUsage(promptTokens: 20, completionTokens: 7, cachedTokens: 8, reasoningTokens: 3))
  }

  @Test func malformedAnswerIsReported() {
    #expect(throws: LLMError.self) {
      try OpenAIWire(apiKey: nil).decodeResponse(Data("{\"choices\": [".utf8), requestedModel: "m")
    }
    #expect(throws: LLMError.malformedResponse("no choices in the answer")) {
      try OpenAIWire(apiKey: nil).decodeResponse(Data("{}".utf8), requestedModel: "m")
    }
  }

  @Test func streamDecoderCollectsDeltasAndFinalUsage() throws {
    var decoder = OpenAIStreamDecoder()
    var deltas: [String] = []
    for data in [
      #"{"model":"gpt-4o","choices":[{"delta":{"role":"assistant","content":""}}]}"#,
      #"{"choices":[{"delta":{"content":"Hel"}}]}"#,
      #"{"choices":[{"delta":{"content":"lo"},"finish_reason":"stop"}]}"#,
      #"{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"#,
      "[DONE]",
    ] {
      deltas += try decoder.consume(event: nil, data: data)
    }
    #expect(deltas == ["Hel", "lo"])
    #expect(decoder.isDone)
    let answer = decoder.response(requestedModel: "x")
    #expect(
      answer
        == ChatResponse(
          content: "Hello", model: "gpt-4o",
          usage: TokenUsage(promptTokens: 5, completionTokens: 2), finishReason: "stop"))
  }

  @Test func errorBodyGivesProvidersMessage() {
    let wire = OpenAIWire(apiKey: nil)
    let body = Data(
      #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#.utf8)
    #expect(wire.errorMessage(status: 401, body: body) == "Incorrect API key provided")
    #expect(
      wire.errorMessage(status: 404, body: Data(#"{"error":"model 'llama9' not found"}"#.utf8))
        == "model 'llama9' not found")
    #expect(wire.errorMessage(status: 502, body: Data("Bad Gateway".utf8)) == "Bad Gateway")
    #expect(wire.errorMessage(status: 503, body: Data()) == "HTTP 503")
  }
}
