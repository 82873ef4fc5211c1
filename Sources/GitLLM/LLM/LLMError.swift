import Foundation

/// A failure talking to a chat model.
public enum LLMError: Error, CustomStringConvertible, Equatable {
  /// No provider is configured (`llm.provider` is `none`).
  case noProvider
  /// The provider answered with an error; `message` is the provider's own text.
  case provider(name: String, status: Int?, message: String)
  /// The provider answered with something that is not its documented format.
  case malformedResponse(String)
  /// The call (with its retries) did not finish within its total deadline.
  case deadlineExceeded(Duration)
  /// The provider name in the settings is not one git-llm knows.
  case unknownProvider(String)
  /// A required setting (an API key, a base URL) is missing.
  case missingSetting(String)

  public var description: String {
    switch self {
    case .noProvider:
      return
        "no LLM provider configured (set llm.provider, or OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY)"
    case .provider(let name, let status, let message):
      let code = status.map { " (HTTP \($0))" } ?? ""
      return "\(name) error\(code): \(message)"
    case .malformedResponse(let detail):
      return "malformed response from the provider: \(detail)"
    case .deadlineExceeded(let limit):
      return "the LLM call did not finish within \(limit.components.seconds) s"
    case .unknownProvider(let name):
      return "unknown llm.provider '\(name)' (use openai, azure, anthropic, gemini, or none)"
    case .missingSetting(let key):
      return "missing setting \(key)"
    }
  }
}

/// Who is calling a model, for the traffic log: the namespace the record is filed under and the
/// command or hook that made the call.
public struct CallContext: Sendable, Equatable {
  public var namespace: String
  public var command: String

  public init(namespace: String, command: String) {
    self.namespace = namespace
    self.command = command
  }
}
