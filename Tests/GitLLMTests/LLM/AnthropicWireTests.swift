import Foundation
import Testing

@testable import GitLLM

@Suite struct AnthropicWireTests {
  @Test func requestHasTopLevelSystemRequiredMaxTokensAndHeaders() throws {
    let request = ChatRequest(
      model: "claude-sonnet-4-5",
      messages: [.system("rules"), .system("more"), .user("hi"), .assistant("yo"), .user("go")])
    let call = try AnthropicWire(apiKey: "sk-ant-abc").call(for: request, stream: true)
    #expect(call.url == "https://api.anthropic.com/v1/messages")
    #expect(call.header("x-api-key") == "sk-ant-abc")
    #expect(call.header("anthropic-version") == "2023-06-01")
    let json = try JSONValue.object(call.body)
    #expect(json["max_tokens"] as? Int == 4096)
    #expect(json["system"] as? String == "rules\n\nmore")
    #expect(json["stream"] as? Bool == true)
    let roles = (json["messages"] as? [[String: String]])?.map { $0["role"] }
    #expect(roles == ["user", "assistant", "user"])
    #expect(
      try AnthropicWire(baseURL: "http://127.0.0.1:1/v1", apiKey: nil).call(
        for: request, stream: false
      ).url == "http://127.0.0.1:1/v1/messages")
  }

  @Test func decodesTextBlocksAndUsageWithCacheReads() throws {
    let body = Data(
      """
      {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
       "content":[{"type":"thinking","thinking":"hmm"},{"type":"text","text":"Hi "},{"type":"text","text":"there"}],
       "stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":4,"cache_read_input_tokens":100,"cache_creation_input_tokens":0}}
      """.utf8)
    let answer = try AnthropicWire(apiKey: nil).decodeResponse(body, requestedModel: "m")
    #expect(answer.content == "Hi there")
    #expect(answer.finishReason == "end_turn")
    #expect(answer.usage == TokenUsage(promptTokens: 110, completionTokens: 4, cachedTokens: 100))
  }

  @Test func streamUsageIsCumulativeNotAdditive() throws {
    var decoder = AnthropicStreamDecoder()
    var deltas: [String] = []
    let events: [(String, String)] = [
      (
        "message_start",
        #"{"type":"message_start","message":{"model":"claude-3-5-haiku-20241022","usage":{"input_tokens":25,"output_tokens":1}}}"#
      ),
      (
        "content_block_start",
        #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#
      ),
      ("ping", #"{"type":"ping"}"#),
      (
        "content_block_delta",
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#
      ),
      (
        "message_delta",
        #"{"type":"message_delta","delta":{"stop_reason":null},"usage":{"output_tokens":5}}"#
      ),
      (
        "content_block_delta",
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" world"}}"#
      ),
      (
        "message_delta",
        #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":12}}"#
      ),
      ("message_stop", #"{"type":"message_stop"}"#),
    ]
    for (event, data) in events { deltas += try decoder.consume(event: event, data: data) }
    #expect(deltas == ["Hello", " world"])
    #expect(decoder.isDone)
    let answer = decoder.response(requestedModel: "x")
    #expect(answer.usage == TokenUsage(promptTokens: 25, completionTokens: 12))
    #expect(answer.finishReason == "end_turn")
    #expect(answer.model == "claude-3-5-haiku-20241022")
  }

  @Test func streamErrorEventThrowsProvidersMessage() {
    var decoder = AnthropicStreamDecoder()
    #expect(throws: LLMError.provider(name: "anthropic", status: nil, message: "Overloaded")) {
      _ = try decoder.consume(
        event: "error",
        data: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
    }
  }

  @Test func errorBodyGivesProvidersMessage() {
    let body = Data(
      #"{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}"#
        .utf8)
    #expect(
      AnthropicWire(apiKey: nil).errorMessage(status: 400, body: body)
        == "max_tokens: Field required")
  }
}
