import Foundation

/// One line of the traffic log and one Pub/Sub message: a request, or its response or error.
public struct TrafficRecord: Sendable, Equatable, Codable {
  public enum Kind: String, Sendable, Codable { case request, response, error }

  public var id: String
  /// ISO 8601 UTC with milliseconds.
  public var time: String
  public var namespace: String
  public var kind: Kind
  public var provider: String
  public var model: String
  /// For a response or error: the id of its request record.
  public var requestID: String?
  /// For a request: the messages sent.
  public var messages: [ChatMessage]?
  /// For a response: the answer's text.
  public var content: String?
  /// For an error: what went wrong, in the provider's words.
  public var error: String?
  public var finishReason: String?
  public var stream: Bool?
  public var usage: Usage?
  /// Null when the model is unpriced or the usage unknown; never a made-up 0.
  public var costUSD: Double?
  public var latencyMS: Int?
  /// Template keywords (`SQL`, `EMAIL`…) found at the start of lines of a response.
  public var templates: [String]?
  public var commit: CommitInfo

  public struct Usage: Sendable, Equatable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    public var cachedTokens: Int?
    public var reasoningTokens: Int?

    public init(_ usage: TokenUsage) {
      promptTokens = usage.promptTokens
      completionTokens = usage.completionTokens
      totalTokens = usage.totalTokens
      cachedTokens = usage.cachedTokens
      reasoningTokens = usage.reasoningTokens
    }

    enum CodingKeys: String, CodingKey {
      case promptTokens = "prompt_tokens"
      case completionTokens = "completion_tokens"
      case totalTokens = "total_tokens"
      case cachedTokens = "cached_tokens"
      case reasoningTokens = "reasoning_tokens"
    }
  }

  /// Where the call was made: the repository state and the command or hook.
  public struct CommitInfo: Sendable, Equatable, Codable {
    public var repo: String?
    public var remote: String?
    public var branch: String?
    public var sha: String?
    public var author: String?
    public var command: String
    public var ci: CIContext?

    public init(
      repo: String? = nil, remote: String? = nil, branch: String? = nil, sha: String? = nil,
      author: String? = nil, command: String, ci: CIContext? = nil
    ) {
      self.repo = repo
      self.remote = remote
      self.branch = branch
      self.sha = sha
      self.author = author
      self.command = command
      self.ci = ci
    }
  }

  public init(
    id: String = UUID().uuidString.lowercased(), time: Date = Date(), namespace: String, kind: Kind,
    provider: String, model: String, commit: CommitInfo
  ) {
    self.id = id
    self.time = Self.timestamp(time)
    self.namespace = namespace
    self.kind = kind
    self.provider = provider
    self.model = model
    self.commit = commit
  }

  static func timestamp(_ date: Date) -> String {
    date.formatted(
      Date.ISO8601FormatStyle(
        includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
  }

  /// The day (`YYYY-MM-DD`, UTC) the record belongs to, from its time.
  public var day: String { String(time.prefix(10)) }

  enum CodingKeys: String, CodingKey {
    case id, time, namespace, kind, provider, model, messages, content, error, stream, usage
    case templates, commit
    case requestID = "request_id"
    case finishReason = "finish_reason"
    case costUSD = "cost_usd"
    case latencyMS = "latency_ms"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(time, forKey: .time)
    try c.encode(namespace, forKey: .namespace)
    try c.encode(kind, forKey: .kind)
    try c.encode(provider, forKey: .provider)
    try c.encode(model, forKey: .model)
    try c.encodeIfPresent(requestID, forKey: .requestID)
    try c.encodeIfPresent(messages, forKey: .messages)
    try c.encodeIfPresent(content, forKey: .content)
    try c.encodeIfPresent(error, forKey: .error)
    try c.encodeIfPresent(finishReason, forKey: .finishReason)
    try c.encodeIfPresent(stream, forKey: .stream)
    try c.encodeIfPresent(usage, forKey: .usage)
    try c.encode(costUSD, forKey: .costUSD)  // explicit null: "unpriced", not "free"
    try c.encodeIfPresent(latencyMS, forKey: .latencyMS)
    try c.encodeIfPresent(templates, forKey: .templates)
    try c.encode(commit, forKey: .commit)
  }

  /// The record as one JSON line (no trailing newline; JSON escapes any newline inside strings).
  public func jsonLine() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self)
  }

  /// The same record with every free-text field passed through the redactor.
  public func redacted(by redactor: Redactor) -> TrafficRecord {
    var copy = self
    copy.messages = messages?.map {
      ChatMessage(role: $0.role, content: redactor.redact($0.content))
    }
    copy.content = content.map(redactor.redact)
    copy.error = error.map(redactor.redact)
    copy.commit.remote = commit.remote.map(redactor.redact)
    copy.commit.command = redactor.redact(commit.command)
    return copy
  }
}

extension TrafficRecord {
  /// Template keywords: an UPPERCASE word (two or more characters; letters, digits, `_`)
  /// followed by a colon at the start of a line, in order of first appearance.
  public static func templates(in text: String) -> [String] {
    var found: [String] = []
    for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      guard let colon = trimmed.firstIndex(of: ":") else { continue }
      let word = trimmed[..<colon]
      guard word.count >= 2, let first = word.first, first.isASCII, first.isUppercase,
        word.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") })
      else { continue }
      let keyword = String(word)
      if !found.contains(keyword) { found.append(keyword) }
    }
    return found
  }
}
