/// A setting git-llm knows: its name, how its value is checked, its built-in default and the
/// environment variables that set it.
public struct SettingKey: Sendable {
  public enum Kind: Sendable, Equatable {
    case string, int, bool, list, seconds
    /// A URL: shown with any credentials in it masked.
    case url
    /// A folder inside the work tree: relative, without `..`.
    case relativePath
    case choice([String])
  }

  public var name: String
  public var kind: Kind
  public var defaultValue: String?
  public var environment: [String]
  public var isSecret: Bool
  /// Endpoints, credentials and output folders: never taken from the committed `.gitllm`, which
  /// anyone who can push may change (git ignores committed config for the same reason).
  public var isLocalOnly: Bool
  public var help: String

  public init(
    _ name: String, _ kind: Kind = .string, default defaultValue: String? = nil,
    environment: [String] = [], secret: Bool = false, localOnly: Bool = false, help: String
  ) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.environment = environment
    self.isSecret = secret
    self.isLocalOnly = localOnly || secret
    self.help = help
  }
}

extension SettingKey {
  /// The sections whose keys git-llm reads from `.gitllm` and git config. In git config each may
  /// also be written under a `gitllm` section (`gitllm.index.ext`), which never clashes with git.
  public static let sections: Set<String> = [
    "llm", "embeddings", "index", "summaries", "log", "pubsub", "google", "fill", "memory",
  ]

  /// Sections git itself uses too (`index.version`, `log.date`): an unknown key there is git's,
  /// not a typo of ours.
  static let sharedWithGit: Set<String> = ["index", "log"]

  /// Open families of keys, such as `llm.price.<model> = "input,output[,cached]"` (USD per
  /// million tokens).
  public static let families: [String] = ["llm.price."]

  /// Every known setting. To add one, append a row.
  public static let all: [SettingKey] = [
    SettingKey(
      "llm.provider", .choice(["none", "openai", "azure", "anthropic", "gemini"]), environment: ["LLM_PROVIDER"],
      help: "Chat provider; default: the first whose API key is set, else none"),
    SettingKey("llm.model", environment: ["LLM_MODEL"], help: "Chat model; default per provider"),
    SettingKey(
      "llm.baseURL", .url, environment: ["LLM_BASE_URL"], localOnly: true,
      help: "Base URL of the provider's API (Azure OpenAI, Ollama, vLLM, OpenRouter…)"),
    SettingKey(
      "llm.apiKey", secret: true,
      help: "API key; default from OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY"),
    SettingKey("llm.timeout", .seconds, default: "120", help: "Total deadline of one model call"),
    SettingKey("llm.maxRetries", .int, default: "4", help: "Attempts on 429, 5xx and network errors"),
    SettingKey("llm.maxTokens", .int, default: "4096", help: "Answer length bound sent to the model"),
    SettingKey("embeddings.model", help: "Embedding model; unset: keyword retrieval only"),
    SettingKey("embeddings.baseURL", .url, localOnly: true, help: "OpenAI-compatible embeddings endpoint base URL"),
    SettingKey(
      "embeddings.apiKey", secret: true, help: "Embeddings API key; default: llm.apiKey"),
    SettingKey(
      "index.ext", .list, default: ".md,.py,.swift,.go,.rs,.js,.ts,.java,.c,.h,.sh,.yaml,.toml",
      help: "File extensions indexed"),
    SettingKey(
      "index.ignore", .list, default: "env/,.venv/,node_modules/,vendor/",
      help: "Folders never indexed"),
    SettingKey(
      "index.maxFileBytes", .int, default: "1048576", help: "Larger files are skipped"),
    SettingKey("index.hookTimeout", .seconds, default: "10", help: "Bound on a hook's reindex"),
    SettingKey(
      "summaries.layout", .choice(["sibling", "mirror"]), default: "sibling",
      help: "Summary next to its source, or mirrored under summaries.dir"),
    SettingKey("summaries.dir", .relativePath, default: ".summaries", help: "Folder of mirrored summaries"),
    SettingKey(
      "summaries.include", .list, help: "Extensions summarised; default: index.ext less .md"),
    SettingKey(
      "summaries.required", .bool, default: "false",
      help: "Stop the commit when summaries cannot be generated"),
    SettingKey("summaries.timeout", .seconds, default: "60", help: "Deadline per summary"),
    SettingKey("summaries.totalTimeout", .seconds, default: "120", help: "Deadline per hook run"),
    SettingKey(
      "log.dir", environment: ["MESSAGE_HISTORY"], localOnly: true,
      help: "Traffic log folder; default <git common dir>/llm/history"),
    SettingKey(
      "log.redactPrompts", .bool, default: "false",
      help: "Also redact secrets in prompts sent to the provider"),
    SettingKey(
      "log.publishTimeout", .seconds, default: "5", help: "Bound on publishing at a command's end"),
    SettingKey("pubsub.project", environment: ["GOOGLE_CLOUD_PROJECT"], localOnly: true, help: "Google Cloud project"),
    SettingKey("pubsub.topic", environment: ["PUBSUB_TOPIC"], localOnly: true, help: "Pub/Sub topic of the traffic log"),
    SettingKey(
      "pubsub.emulatorHost", environment: ["PUBSUB_EMULATOR_HOST"], localOnly: true,
      help: "host:port of a Pub/Sub emulator (plain HTTP, no auth)"),
    SettingKey(
      "google.credentials", environment: ["GOOGLE_APPLICATION_CREDENTIALS"], localOnly: true,
      help: "Service-account key or authorized_user file"),
    SettingKey(
      "google.accessToken", environment: ["GOOGLE_OAUTH_ACCESS_TOKEN"], secret: true,
      help: "A ready OAuth access token for Pub/Sub"),
    SettingKey(
      "fill.testCommand",
      help: "Test command with {test} and {stub} placeholders; default by language"),
    SettingKey("fill.maxRetries", .int, default: "4", help: "Attempts per stub"),
    SettingKey("fill.jobs", .int, help: "Stubs filled at once; default: the core count"),
    SettingKey("fill.timeout", .seconds, default: "300", help: "Bound on one test run"),
  ]

  static let byLowercasedName: [String: SettingKey] = Dictionary(
    uniqueKeysWithValues: all.map { ($0.name.lowercased(), $0) })

  /// The known key for a name, compared case-insensitively as git does.
  public static func named(_ name: String) -> SettingKey? { byLowercasedName[name.lowercased()] }
}
