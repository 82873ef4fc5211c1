import Foundation
import Testing

@testable import GitLLM

/// Each provider against a loopback server speaking its documented wire format.
@Suite struct ChatProviderLoopbackTests {
  struct Case: Sendable, CustomStringConvertible {
    var provider: String
    var basePath: String
    var path: String
    var streamPath: String
    var json: String
    var stream: String
    var jsonContent: String
    var description: String { provider }
  }

  static let cases = [
    Case(
      provider: "openai", basePath: "/v1", path: "/v1/chat/completions",
      streamPath: "/v1/chat/completions",
      json: LLMFixtures.openAIJSON, stream: LLMFixtures.openAIStream, jsonContent: "SQL: SELECT 1;"),
    Case(
      provider: "anthropic", basePath: "", path: "/v1/messages", streamPath: "/v1/messages",
      json: LLMFixtures.anthropicJSON, stream: LLMFixtures.anthropicStream, jsonContent: "EMAIL: hi"
    ),
    Case(
      provider: "gemini", basePath: "/v1beta",
      path: "/v1beta/models/gemini-2.5-flash:generateContent",
      streamPath: "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
      json: LLMFixtures.geminiJSON, stream: LLMFixtures.geminiStream, jsonContent: "Answer"),
  ]

  func provider(
    _ c: Case, _ server: LoopbackHTTPServer, log: String? = nil, extra: [String: String] = [:]
  ) throws -> any ChatProvider {
    let settings = try LLMFixtures.settings(
      provider: c.provider, baseURL: server.url(c.basePath), logDirectory: log, extra: extra)
    return try ChatProviders.make(
      settings: settings, repository: nil, context: CallContext(namespace: "test", command: "test"))
  }

  let request = ChatRequest(model: "", messages: [.system("Be terse."), .user("Say hello")])

  /// Checks the headers and required fields each provider documents.
  func checkRequest(_ c: Case, _ recorded: LoopbackHTTPServer.RecordedRequest, stream: Bool) throws
  {
    #expect(recorded.method == "POST")
    #expect(recorded.path == (stream ? c.streamPath : c.path))
    #expect(recorded.header("Content-Type") == "application/json")
    let body = try JSONValue.object(recorded.body)
    let key = "test-key-\(c.provider)-0123456789"
    switch c.provider {
    case "openai":
      #expect(recorded.header("Authorization") == "Bearer \(key)")
      #expect(body["model"] as? String == "gpt-4o-mini")
      #expect(
        (body["messages"] as? [[String: String]])?.first == [
          "role": "system", "content": "Be terse.",
        ])
      #expect(body["max_tokens"] as? Int == 4096)
      if stream { #expect((body["stream_options"] as? [String: Bool]) == ["include_usage": true]) }
    case "anthropic":
      #expect(recorded.header("x-api-key") == key)
      #expect(recorded.header("anthropic-version") == "2023-06-01")
      #expect(body["max_tokens"] as? Int == 4096)
      #expect(body["system"] as? String == "Be terse.")
      #expect(
        (body["messages"] as? [[String: String]]) == [["role": "user", "content": "Say hello"]])
      #expect(body["stream"] as? Bool == (stream ? true : nil))
    default:
      #expect(recorded.header("x-goog-api-key") == key)
      #expect(recorded.query == (stream ? "alt=sse" : nil))
      #expect(body["systemInstruction"] != nil)
      #expect((body["contents"] as? [[String: Any]])?.first?["role"] as? String == "user")
    }
  }

  @Test(arguments: cases)
  func jsonAnswer(_ c: Case) async throws {
    let server = try LoopbackHTTPServer(replies: [.json(c.json)])
    let answer = try await provider(c, server).complete(request)
    #expect(answer.content == c.jsonContent)
    #expect((answer.usage?.totalTokens ?? 0) > 0)
    #expect(server.requests.count == 1)
    try checkRequest(c, server.requests[0], stream: false)
  }

  @Test(arguments: cases)
  func streamedAnswer(_ c: Case) async throws {
    // One byte per chunk: every event is split across reads, even inside "é" and between \r and \n.
    let bytes = Array(c.stream.utf8)
    let server = try LoopbackHTTPServer(replies: [
      .pieces(
        status: 200, headers: [HTTPHeader("Content-Type", "text/event-stream")],
        pieces: bytes.map { Data([$0]) }, delay: .microseconds(200), chunked: true)
    ])
    let deltas = DeltaCollector()
    let answer = try await provider(c, server).stream(request) { deltas.add($0) }
    #expect(deltas.all == ["Héllo", " wörld"])
    #expect(answer.content == "Héllo wörld")
    #expect(answer.usage?.promptTokens == 9)
    #expect(answer.usage?.completionTokens == 3)  // Anthropic: cumulative 3, not 1+2+3
    try checkRequest(c, server.requests[0], stream: true)
  }

  @Test(arguments: cases)
  func streamDecodesAtEveryByteBoundary(_ c: Case) throws {
    let wire = try #require(
      try ChatProviders.makeUnlogged(
        settings: LLMFixtures.settings(provider: c.provider, baseURL: "http://127.0.0.1:1"),
        http: CurlHTTPClient()) as? HTTPChatProvider
    ).wire
    let bytes = Data(c.stream.utf8)
    for split in 1..<bytes.count {
      let deltas = DeltaCollector()
      let state = StreamState(decoder: wire.makeStreamDecoder()) { deltas.add($0) }
      state.feed(bytes.prefix(split))
      state.feed(bytes.dropFirst(split))
      let answer = try state.finish(requestedModel: "m")
      #expect(answer.content == "Héllo wörld", "split at \(split)")
      #expect(deltas.all.joined() == "Héllo wörld")
      #expect(answer.usage?.completionTokens == 3)
    }
  }

  @Test(arguments: cases)
  func rateLimitWithRetryAfterThenSuccess(_ c: Case) async throws {
    let server = try LoopbackHTTPServer(replies: [
      .json(
        #"{"error":{"message":"Rate limit reached"}}"#, status: 429,
        headers: [HTTPHeader("Retry-After", "1")]),
      .json(c.json),
    ])
    let answer = try await provider(c, server).complete(request)
    #expect(answer.content == c.jsonContent)
    let requests = server.requests
    #expect(requests.count == 2)
    let waited = requests[1].receivedAt - requests[0].receivedAt
    #expect(waited >= .milliseconds(900), "\(waited)")
    try checkRequest(c, requests[1], stream: false)
  }

  // When the deadline ends the retries, the provider's last answer is reported with its own
  // message (before: a bare "did not finish within 4 s" that lost "upstream overloaded").
  @Test(arguments: cases)
  func serverErrorsUntilTheDeadline(_ c: Case) async throws {
    let server = try LoopbackHTTPServer(replies: [
      .json(#"{"error":{"message":"upstream overloaded"}}"#, status: 500)
    ])
    let clock = ContinuousClock()
    let start = clock.now
    await #expect(throws: LLMError.provider(name: c.provider, status: 500, message: "upstream overloaded")) {
      try await provider(c, server, extra: ["llm.timeout": "4", "llm.maxRetries": "50"]).complete(
        request)
    }
    let elapsed = clock.now - start
    #expect(elapsed < .seconds(7), "\(elapsed)")
    #expect(server.requests.count >= 2)
  }

  @Test(arguments: cases)
  func rateLimitedPastTheDeadlineKeepsTheProvidersMessage(_ c: Case) async throws {
    let server = try LoopbackHTTPServer(replies: [
      .json(#"{"error":{"message":"slow down"}}"#, status: 429, headers: [HTTPHeader("Retry-After", "1")])
    ])
    let start = ContinuousClock.now
    let error = try await #require(throws: LLMError.self) {
      try await provider(c, server, extra: ["llm.timeout": "3"]).complete(request)
    }
    #expect(error == .provider(name: c.provider, status: 429, message: "slow down"))
    #expect(error.description == "\(c.provider) error (HTTP 429): slow down")
    #expect(ContinuousClock.now - start < .seconds(5))
    #expect(server.requests.count >= 2)
  }

  @Test(arguments: cases)
  func providersOwnErrorMessageAndMalformedJSON(_ c: Case) async throws {
    let refused = try LoopbackHTTPServer(replies: [
      .json(
        #"{"error":{"message":"invalid x-api-key","type":"authentication_error"}}"#, status: 401)
    ])
    await #expect(
      throws: LLMError.provider(name: c.provider, status: 401, message: "invalid x-api-key")
    ) {
      try await provider(c, refused).complete(request)
    }
    #expect(refused.requests.count == 1)  // 401 is not retried
    let garbled = try LoopbackHTTPServer(replies: [.json(#"{"choices": [ {"mess"#)])
    await #expect {
      try await provider(c, garbled).complete(request)
    } throws: { error in
      guard case LLMError.malformedResponse(let detail) = error else { return false }
      return detail.contains("not JSON")
    }
  }

  @Test func noneProviderThrowsNoProviderAndIsNotConfigured() async throws {
    let settings = try Settings.resolve(flags: ["llm.provider": "none"])
    #expect(!ChatProviders.isConfigured(settings))
    let none = try ChatProviders.make(
      settings: settings, repository: nil, context: CallContext(namespace: "n", command: "c"))
    await #expect(throws: LLMError.noProvider) { try await none.complete(request) }
    #expect(
      ChatProviders.isConfigured(
        try LLMFixtures.settings(provider: "gemini", baseURL: "http://127.0.0.1:1")))
  }

  @Test func azureDeploymentURLUsesApiKeyHeader() async throws {
    let server = try LoopbackHTTPServer(replies: [.json(LLMFixtures.openAIJSON)])
    let wire = OpenAIWire(
      baseURL: server.url("/openai/deployments/gpt4o"), apiKey: "azure-key-123456", isAzure: true)
    let provider = HTTPChatProvider(wire: wire, http: CurlHTTPClient(), defaultModel: "gpt-4o")
    _ = try await provider.complete(request)
    let recorded = try #require(server.requests.first)
    #expect(recorded.path == "/openai/deployments/gpt4o/chat/completions")
    #expect(recorded.query == "api-version=2024-10-21")
    #expect(recorded.header("api-key") == "azure-key-123456")
    #expect(recorded.header("Authorization") == nil)
  }
}
