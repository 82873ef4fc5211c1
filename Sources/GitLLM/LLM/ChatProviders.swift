import Foundation

/// Builds the configured chat provider.
public enum ChatProviders {
  /// The configured provider (settings llm.*), wrapped so every call is written to the traffic log
  /// with the repository's commit metadata and queued for Pub/Sub. Provider `none` returns a
  /// provider whose calls throw `LLMError.noProvider`.
  /// - Throws: `LLMError.unknownProvider` or `.missingSetting` (an API key the provider needs).
  public static func make(
    settings: Settings, repository: Repository?, context: CallContext,
    http: any HTTPClient = CurlHTTPClient()
  ) throws -> any ChatProvider {
    let base = try makeUnlogged(settings: settings, http: http)
    if base is NoChatProvider { return base }
    var logger = TrafficLogger(settings: settings, repository: repository, context: context)
    logger.defaultModel = defaultModel(settings)
    return LoggedChatProvider(base: base, logger: logger)
  }

  /// True when a real provider (not `none`) is configured.
  public static func isConfigured(_ settings: Settings) -> Bool {
    ["openai", "anthropic", "gemini", "azure"].contains(settings.provider)
  }

  static func makeUnlogged(settings: Settings, http: any HTTPClient) throws -> any ChatProvider {
    let key = settings["llm.apiKey"].flatMap { $0.isEmpty ? nil : $0 }
    let baseURL = settings["llm.baseURL"].flatMap { $0.isEmpty ? nil : $0 }
    let wire: any ChatWireFormat
    switch settings.provider {
    case "none": return NoChatProvider()
    case "openai", "azure":
      // Local OpenAI-compatible servers (Ollama, vLLM, llama.cpp) need no key; OpenAI itself does.
      if key == nil, baseURL == nil { throw LLMError.missingSetting("llm.apiKey (OPENAI_API_KEY)") }
      wire = OpenAIWire(baseURL: baseURL, apiKey: key, isAzure: settings.provider == "azure")
    case "anthropic":
      if key == nil, baseURL == nil {
        throw LLMError.missingSetting("llm.apiKey (ANTHROPIC_API_KEY)")
      }
      wire = AnthropicWire(baseURL: baseURL, apiKey: key)
    case "gemini":
      if key == nil, baseURL == nil { throw LLMError.missingSetting("llm.apiKey (GEMINI_API_KEY)") }
      wire = GeminiWire(baseURL: baseURL, apiKey: key)
    case let other: throw LLMError.unknownProvider(other)
    }
    return HTTPChatProvider(
      wire: wire, http: http, maxAttempts: settings.int("llm.maxRetries") ?? 4,
      deadline: settings.duration("llm.timeout") ?? .seconds(120),
      defaultModel: defaultModel(settings), defaultMaxTokens: settings.int("llm.maxTokens"))
  }

  /// `llm.model`, else the provider's default model.
  static func defaultModel(_ settings: Settings) -> String? {
    settings["llm.model"].flatMap { $0.isEmpty ? nil : $0 }
      ?? Settings.defaultModels[settings.provider]
  }
}

extension PriceTable {
  /// The built-in prices with `llm.price.<model>` overrides from the settings.
  public init(settings: Settings) {
    var overrides: [String: String] = [:]
    for entry in settings.entries(prefix: "llm.price.") {
      overrides[String(entry.key.dropFirst("llm.price.".count)).lowercased()] = entry.value
    }
    let table = overrides
    self.init(overrides: { table[$0.lowercased()] })
  }
}
