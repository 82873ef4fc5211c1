import Foundation

@testable import GitLLM

/// Wire-format answers the loopback servers give, as each provider documents them.
enum LLMFixtures {
  static let openAIJSON =
    #"{"id":"c1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"SQL: SELECT 1;"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}"#

  static let openAIStream = """
    data: {"id":"c1","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

    data: {"id":"c1","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Héllo"}}]}

    data: {"id":"c1","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" wörld"},"finish_reason":"stop"}]}

    data: {"id":"c1","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}

    data: [DONE]


    """

  static let anthropicJSON =
    #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":"EMAIL: hi"}],"stop_reason":"end_turn","usage":{"input_tokens":20,"output_tokens":6}}"#

  static let anthropicStream = """
    event: message_start
    data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"usage":{"input_tokens":9,"output_tokens":1}}}

    event: content_block_start
    data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

    event: ping
    data: {"type": "ping"}

    event: content_block_delta
    data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Héllo"}}

    event: message_delta
    data: {"type":"message_delta","delta":{"stop_reason":null},"usage":{"output_tokens":2}}

    event: content_block_delta
    data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" wörld"}}

    event: content_block_stop
    data: {"type":"content_block_stop","index":0}

    event: message_delta
    data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}

    event: message_stop
    data: {"type":"message_stop"}


    """

  static let geminiJSON =
    #"{"candidates":[{"content":{"role":"model","parts":[{"text":"Answer"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":2,"totalTokenCount":10},"modelVersion":"gemini-2.5-flash"}"#

  static let geminiStream = """
    data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Héllo"}]}}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":1},"modelVersion":"gemini-2.5-flash"}\r
    \r
    data: {"candidates":[{"content":{"role":"model","parts":[{"text":" wörld"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":3,"totalTokenCount":12},"modelVersion":"gemini-2.5-flash"}\r
    \r

    """

  /// Settings for a provider pointed at a loopback server, with the log in `logDirectory`.
  static func settings(
    provider: String, baseURL: String, logDirectory: String? = nil,
    extra: [String: String] = [:]
  ) throws -> Settings {
    var flags = [
      "llm.provider": provider, "llm.baseURL": baseURL,
      "llm.apiKey": "test-key-\(provider)-0123456789",
      "llm.timeout": "3", "llm.maxRetries": "4",
    ]
    if let logDirectory { flags["log.dir"] = logDirectory }
    for (key, value) in extra { flags[key] = value }
    return try Settings.resolve(flags: flags)
  }
}

/// Collects streamed deltas from another thread.
final class DeltaCollector: @unchecked Sendable {  // guarded by `lock`
  private let lock = NSLock()
  private var pieces: [String] = []
  func add(_ piece: String) { lock.withLock { pieces.append(piece) } }
  var all: [String] { lock.withLock { pieces } }
}
