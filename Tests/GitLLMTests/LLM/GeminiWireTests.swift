import Foundation
import Testing

@testable import GitLLM

@Suite struct GeminiWireTests {
  let request = ChatRequest(
    model: "gemini-2.5-flash",
    messages: [.system("sys"), .user("q"), .assistant("a"), .user("q2")], maxTokens: 64)

  @Test func requestUsesHeaderKeyRolesAndSystemInstruction() throws {
    let call = try GeminiWire(apiKey: "AIzaKEY").call(for: request, stream: false)
    #expect(
      call.url
        == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
    )
    #expect(call.header("x-goog-api-key") == "AIzaKEY")
    #expect(!call.url.contains("key="))
    let json = try JSONValue.object(call.body)
    let contents = json["contents"] as? [[String: Any]]
    #expect(contents?.map { $0["role"] as? String } == ["user", "model", "user"])
    let system = json["systemInstruction"] as? [String: Any]
    #expect((system?["parts"] as? [[String: String]]) == [["text": "sys"]])
    #expect((json["generationConfig"] as? [String: Int])?["maxOutputTokens"] == 64)
  }

  @Test func streamingUsesAltSSE() throws {
    let call = try GeminiWire(baseURL: "http://127.0.0.1:5/v1beta", apiKey: "k").call(
      for: request, stream: true)
    #expect(
      call.url == "http://127.0.0.1:5/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
  }

  @Test func decodesTextSkippingThoughtsAndCountsThinkingAsOutput() throws {
    let body = Data(
      """
      {"candidates":[{"content":{"role":"model","parts":[{"text":"plan","thought":true},{"text":"Answer"}]},"finishReason":"STOP"}],
       "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":3,"thoughtsTokenCount":4,"cachedContentTokenCount":2,"totalTokenCount":16},
       "modelVersion":"gemini-2.5-flash-001"}
      """.utf8)
    let answer = try GeminiWire(apiKey: nil).decodeResponse(
      body, requestedModel: "gemini-2.5-flash")
    #expect(answer.content == "Answer")
    #expect(answer.finishReason == "STOP")
    #expect(answer.model == "gemini-2.5-flash-001")
    #expect(
      answer.usage
        == TokenUsage(promptTokens: 9, completionTokens: 7, cachedTokens: 2, reasoningTokens: 4))
  }

  @Test func streamChunksAccumulateAndLastUsageWins() throws {
    var decoder = GeminiStreamDecoder()
    var deltas: [String] = []
    deltas += try decoder.consume(
      event: nil,
      data:
        #"{"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"}}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":1}}"#
    )
    deltas += try decoder.consume(
      event: nil,
      data:
        #"{"candidates":[{"content":{"parts":[{"text":"lo"}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2}}"#
    )
    #expect(deltas == ["Hel", "lo"])
    #expect(decoder.isDone)
    #expect(
      decoder.response(requestedModel: "g").usage
        == TokenUsage(promptTokens: 4, completionTokens: 2))
  }

  @Test func errorBodyGivesProvidersMessage() {
    let body = Data(
      #"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}"#
        .utf8)
    #expect(
      GeminiWire(apiKey: nil).errorMessage(status: 400, body: body)
        == "API key not valid. Please pass a valid API key.")
    var decoder = GeminiStreamDecoder()
    #expect(throws: LLMError.self) {
      _ = try decoder.consume(event: nil, data: String(decoding: body, as: UTF8.self))
    }
  }
}
