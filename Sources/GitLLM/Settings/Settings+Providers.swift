import Foundation

extension Settings {
  /// The environment variable that holds each provider's API key.
  public static let providerKeyVariables: [(provider: String, variable: String)] = [
    ("openai", "OPENAI_API_KEY"), ("anthropic", "ANTHROPIC_API_KEY"), ("gemini", "GEMINI_API_KEY"),
  ]

  /// The variables that may hold a provider's key, in order.
  public static func keyVariables(for provider: String) -> [String] {
    switch provider {
    case "azure": ["AZURE_OPENAI_API_KEY", "OPENAI_API_KEY"]
    case "gemini": ["GEMINI_API_KEY", "GOOGLE_API_KEY"]
    default: providerKeyVariables.filter { $0.provider == provider }.map(\.variable)
    }
  }

  /// The model used when none is configured.
  public static let defaultModels: [String: String] = [
    "openai": "gpt-4o-mini", "anthropic": "claude-sonnet-4-5", "gemini": "gemini-2.5-flash",
  ]

  /// The configured provider, `none` when there is none.
  public var provider: String { (self["llm.provider"] ?? "none").lowercased() }

  /// Fills the defaults that depend on other values: the provider from whichever key is set,
  /// the key from that provider's variable, the model from the provider.
  mutating func deriveProviderDefaults(environment: [String: String]) {
    if values["llm.provider"] == nil {
      if let found = Settings.providerKeyVariables.first(where: { !(environment[$0.variable] ?? "").isEmpty }) {
        set(SettingKey.named("llm.provider")!, found.provider, .derived("\(found.variable) is set"))
      } else if values["llm.baseurl"] != nil {
        set(SettingKey.named("llm.provider")!, "openai", .derived("llm.baseURL is set"))
      } else {
        set(SettingKey.named("llm.provider")!, "none", .builtIn)
      }
    }
    let provider = self.provider
    if values["llm.apikey"] == nil,
      let variable = Settings.keyVariables(for: provider).first(where: { !(environment[$0] ?? "").isEmpty })
    {
      set(SettingKey.named("llm.apiKey")!, environment[variable]!, .environment(variable))
    }
    if provider == "none", let key = values["llm.apikey"] {
      warnings.append("llm.apiKey is set (from \(key.origin)) but llm.provider is none: set llm.provider to use it")
    }
    if values["llm.model"] == nil, let model = Settings.defaultModels[provider] {
      set(SettingKey.named("llm.model")!, model, .derived("for \(provider)"))
    }
    if values["embeddings.apikey"] == nil, values["embeddings.model"] != nil,
      let key = values["llm.apikey"]
    {
      set(SettingKey.named("embeddings.apiKey")!, key.value, .derived("llm.apiKey"))
    }
    if values["summaries.include"] == nil {
      let exts = list("index.ext").filter { $0 != ".md" }.joined(separator: ",")
      set(SettingKey.named("summaries.include")!, exts, .derived("index.ext less .md"))
    }
    if values["fill.jobs"] == nil {
      set(SettingKey.named("fill.jobs")!, String(ProcessInfo.processInfo.activeProcessorCount), .derived("core count"))
    }
  }
}
