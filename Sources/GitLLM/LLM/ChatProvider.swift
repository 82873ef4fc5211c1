/// One message of a chat conversation.
public struct ChatMessage: Sendable, Equatable, Codable {
  public enum Role: String, Sendable, Codable, CaseIterable {
    case system, user, assistant
  }

  public var role: Role
  public var content: String

  public init(role: Role, content: String) {
    self.role = role
    self.content = content
  }

  public static func system(_ text: String) -> ChatMessage { .init(role: .system, content: text) }
  public static func user(_ text: String) -> ChatMessage { .init(role: .user, content: text) }
  public static func assistant(_ text: String) -> ChatMessage {
    .init(role: .assistant, content: text)
  }
}

/// What a caller asks a chat model.
public struct ChatRequest: Sendable, Equatable {
  public var model: String
  public var messages: [ChatMessage]
  public var maxTokens: Int?
  public var temperature: Double?

  public init(model: String, messages: [ChatMessage], maxTokens: Int? = nil, temperature: Double? = nil) {
    self.model = model
    self.messages = messages
    self.maxTokens = maxTokens
    self.temperature = temperature
  }
}

/// Token counts as the provider reported them.
public struct TokenUsage: Sendable, Equatable, Codable {
  public var promptTokens: Int
  public var completionTokens: Int
  public var cachedTokens: Int?
  public var reasoningTokens: Int?
  public var totalTokens: Int { promptTokens + completionTokens }

  public init(promptTokens: Int = 0, completionTokens: Int = 0, cachedTokens: Int? = nil, reasoningTokens: Int? = nil) {
    self.promptTokens = promptTokens
    self.completionTokens = completionTokens
    self.cachedTokens = cachedTokens
    self.reasoningTokens = reasoningTokens
  }
}

/// A chat model's whole answer.
public struct ChatResponse: Sendable, Equatable {
  public var content: String
  public var model: String
  public var usage: TokenUsage?
  public var finishReason: String?

  public init(content: String, model: String, usage: TokenUsage? = nil, finishReason: String? = nil) {
    self.content = content
    self.model = model
    self.usage = usage
    self.finishReason = finishReason
  }
}

/// A chat model behind some wire protocol. The seam that tests substitute.
public protocol ChatProvider: Sendable {
  /// The provider's name as configured (`openai`, `anthropic`, `gemini`, `none`…).
  var name: String { get }

  /// Sends the request and returns the whole answer.
  func complete(_ request: ChatRequest) async throws -> ChatResponse

  /// Sends the request and calls `onDelta` with each piece of text as it arrives; returns the
  /// whole answer with usage once the stream ends.
  func stream(_ request: ChatRequest, onDelta: @escaping @Sendable (String) -> Void) async throws
    -> ChatResponse
}

extension ChatProvider {
  public func stream(_ request: ChatRequest, onDelta: @escaping @Sendable (String) -> Void)
    async throws -> ChatResponse
  {
    let response = try await complete(request)
    onDelta(response.content)
    return response
  }
}
