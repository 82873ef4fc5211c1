import Foundation

/// A chat provider speaking one wire format over the HTTP layer: retries with backoff on
/// 429/5xx/network errors, a total deadline per call, the provider's own error text.
struct HTTPChatProvider: ChatProvider {
  let wire: any ChatWireFormat
  let http: any HTTPClient
  var retry: RetryPolicy
  /// The total time one call may take, across its retries.
  var deadline: Duration
  /// Filled into a request that leaves them empty.
  var defaultModel: String?
  var defaultMaxTokens: Int?

  var name: String { wire.providerName }

  init(
    wire: any ChatWireFormat, http: any HTTPClient, maxAttempts: Int = 4,
    deadline: Duration = .seconds(120),
    defaultModel: String? = nil, defaultMaxTokens: Int? = nil
  ) {
    self.wire = wire
    self.http = http
    self.deadline = deadline
    retry = RetryPolicy(maxAttempts: max(1, maxAttempts), deadline: deadline)
    self.defaultModel = defaultModel
    self.defaultMaxTokens = defaultMaxTokens
  }

  func filled(_ request: ChatRequest) -> ChatRequest {
    var filled = request
    if filled.model.isEmpty, let defaultModel { filled.model = defaultModel }
    if filled.maxTokens == nil { filled.maxTokens = defaultMaxTokens }
    return filled
  }

  func complete(_ request: ChatRequest) async throws -> ChatResponse {
    let request = filled(request)
    let response = try await send(wire.call(for: request, stream: false), onChunk: nil)
    return try wire.decodeResponse(response.body, requestedModel: request.model)
  }

  func stream(_ request: ChatRequest, onDelta: @escaping @Sendable (String) -> Void) async throws
    -> ChatResponse
  {
    let request = filled(request)
    let state = StreamState(decoder: wire.makeStreamDecoder(), onDelta: onDelta)
    _ = try await send(wire.call(for: request, stream: true)) { state.feed($0) }
    return try state.finish(requestedModel: request.model)
  }

  /// Sends with retries; a non-2xx answer becomes `LLMError.provider` with the provider's message.
  private func send(_ call: WireCall, onChunk: (@Sendable (Data) -> Void)?) async throws
    -> HTTPResponse
  {
    let request = HTTPRequest(
      method: call.method, url: call.url,
      headers: call.headers.map { HTTPHeader($0.name, $0.value) },
      body: call.body, timeout: deadline)
    let response: HTTPResponse
    do {
      response = try await http.send(request, retry: retry, onChunk: onChunk)
    } catch let error as HTTPError {
      switch error.kind {
      case .deadlineExceeded: throw LLMError.deadlineExceeded(deadline)
      case .status(let response): throw providerError(response)
      default: throw LLMError.provider(name: name, status: nil, message: error.description)
      }
    }
    guard response.isSuccess else { throw providerError(response) }
    return response
  }

  private func providerError(_ response: HTTPResponse) -> LLMError {
    .provider(
      name: name, status: response.status,
      message: wire.errorMessage(status: response.status, body: response.body))
  }
}

/// Bytes of a streamed answer → SSE events → text deltas, fed from the HTTP thread.
final class StreamState: @unchecked Sendable {  // all state behind `lock`
  private let lock = NSLock()
  private var parser = SSEParser()
  private var decoder: any ChatStreamDecoder
  private var failure: (any Error)?
  private let onDelta: @Sendable (String) -> Void

  init(decoder: any ChatStreamDecoder, onDelta: @escaping @Sendable (String) -> Void) {
    self.decoder = decoder
    self.onDelta = onDelta
  }

  func feed(_ bytes: Data) {
    let deltas = lock.withLock { () -> [String] in
      consume(parser.feed(bytes))
    }
    for delta in deltas { onDelta(delta) }
  }

  // Called with the lock held.
  private func consume(_ events: [SSEEvent]) -> [String] {
    guard failure == nil else { return [] }
    var deltas: [String] = []
    for event in events {
      do {
        deltas += try decoder.consume(event: event.event, data: event.data)
      } catch {
        failure = error
        break
      }
    }
    return deltas
  }

  func finish(requestedModel: String) throws -> ChatResponse {
    let deltas = lock.withLock { consume(parser.finish()) }
    for delta in deltas { onDelta(delta) }
    return try lock.withLock {
      if let failure { throw failure }
      return decoder.response(requestedModel: requestedModel)
    }
  }
}

/// Provider `none`: every call fails with `LLMError.noProvider`.
struct NoChatProvider: ChatProvider {
  var name: String { "none" }
  func complete(_ request: ChatRequest) async throws -> ChatResponse { throw LLMError.noProvider }
  func stream(_ request: ChatRequest, onDelta: @escaping @Sendable (String) -> Void) async throws
    -> ChatResponse
  {
    throw LLMError.noProvider
  }
}
