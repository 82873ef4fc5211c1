import Foundation

/// USD per million tokens for one model.
public struct ModelPrice: Sendable, Equatable, Codable {
  public var input: Double
  public var output: Double
  /// Cached (cache-read) input tokens; nil bills them as ordinary input.
  public var cachedInput: Double?

  public init(input: Double, output: Double, cachedInput: Double? = nil) {
    self.input = input
    self.output = output
    self.cachedInput = cachedInput
  }

  /// Parses a settings override, "in,out" or "in,out,cached".
  public init?(setting: String) {
    let numbers = setting.split(separator: ",").map {
      Double($0.trimmingCharacters(in: .whitespaces))
    }
    guard numbers.count == 2 || numbers.count == 3, let input = numbers[0], let output = numbers[1],
      input >= 0, output >= 0
    else { return nil }
    self.init(input: input, output: output, cachedInput: numbers.count == 3 ? numbers[2] : nil)
  }

  /// The cost of a call in USD.
  public func cost(of usage: TokenUsage) -> Double {
    let cached = min(usage.cachedTokens ?? 0, usage.promptTokens)
    let fresh = Double(usage.promptTokens - cached) * input
    let reused = Double(cached) * (cachedInput ?? input)
    return (fresh + reused + Double(usage.completionTokens) * output) / 1_000_000
  }
}

/// A versioned table of list prices; an unknown model is unpriced (nil), never $0.
public struct PriceTable: Sendable {
  /// When the built-in prices were last checked against the providers' pages.
  public static let version = "2025-08"

  /// List prices, USD per million tokens (input, output, cached input).
  public static let builtIn: [String: ModelPrice] = [
    // OpenAI
    "gpt-5": .init(input: 1.25, output: 10, cachedInput: 0.125),
    "gpt-5-mini": .init(input: 0.25, output: 2, cachedInput: 0.025),
    "gpt-5-nano": .init(input: 0.05, output: 0.4, cachedInput: 0.005),
    "gpt-4.1": .init(input: 2, output: 8, cachedInput: 0.5),
    "gpt-4.1-mini": .init(input: 0.4, output: 1.6, cachedInput: 0.1),
    "gpt-4.1-nano": .init(input: 0.1, output: 0.4, cachedInput: 0.025),
    "gpt-4o": .init(input: 2.5, output: 10, cachedInput: 1.25),
    "gpt-4o-mini": .init(input: 0.15, output: 0.6, cachedInput: 0.075),
    "o1": .init(input: 15, output: 60, cachedInput: 7.5),
    "o3": .init(input: 2, output: 8, cachedInput: 0.5),
    "o3-mini": .init(input: 1.1, output: 4.4, cachedInput: 0.55),
    "o4-mini": .init(input: 1.1, output: 4.4, cachedInput: 0.275),
    // Anthropic (cached = cache reads)
    "claude-opus-4-1": .init(input: 15, output: 75, cachedInput: 1.5),
    "claude-opus-4": .init(input: 15, output: 75, cachedInput: 1.5),
    "claude-sonnet-4-5": .init(input: 3, output: 15, cachedInput: 0.3),
    "claude-sonnet-4": .init(input: 3, output: 15, cachedInput: 0.3),
    "claude-3-7-sonnet": .init(input: 3, output: 15, cachedInput: 0.3),
    "claude-3-5-sonnet": .init(input: 3, output: 15, cachedInput: 0.3),
    "claude-3-5-haiku": .init(input: 0.8, output: 4, cachedInput: 0.08),
    "claude-3-haiku": .init(input: 0.25, output: 1.25, cachedInput: 0.03),
    // Gemini (prompts up to 200k tokens)
    "gemini-2.5-pro": .init(input: 1.25, output: 10, cachedInput: 0.31),
    "gemini-2.5-flash": .init(input: 0.3, output: 2.5, cachedInput: 0.075),
    "gemini-2.5-flash-lite": .init(input: 0.1, output: 0.4, cachedInput: 0.025),
    "gemini-2.0-flash": .init(input: 0.1, output: 0.4, cachedInput: 0.025),
    "gemini-2.0-flash-lite": .init(input: 0.075, output: 0.3),
  ]

  public var prices: [String: ModelPrice]
  /// Overrides from settings (`llm.price.<model>` = "in,out[,cached]"), looked up by model name.
  public var overrides: @Sendable (String) -> String?

  public init(
    prices: [String: ModelPrice] = PriceTable.builtIn,
    overrides: @escaping @Sendable (String) -> String? = { _ in nil }
  ) {
    self.prices = prices
    self.overrides = overrides
  }

  /// The price of a model: an override, an exact entry, or the longest entry the name extends
  /// with a version or date suffix (`gpt-4o-2024-08-06`, `claude-sonnet-4-20250514`, `…-latest`);
  /// provider prefixes (`openai/`, `models/`) are ignored.
  public func price(for model: String) -> ModelPrice? {
    if let text = overrides(model), let price = ModelPrice(setting: text) { return price }
    let name = (model.split(separator: "/").last.map(String.init) ?? model).lowercased()
    if name != model, let text = overrides(name), let price = ModelPrice(setting: text) {
      return price
    }
    if let exact = prices[name] { return exact }
    var best: (key: String, price: ModelPrice)?
    for (key, price) in prices where name.hasPrefix(key + "-") {
      let rest = name.dropFirst(key.count + 1)
      guard let first = rest.first,
        first.isNumber || rest.hasPrefix("latest") || rest.hasPrefix("preview")
      else { continue }
      if key.count > (best?.key.count ?? 0) { best = (key, price) }
    }
    return best?.price
  }

  /// The cost of a call in USD, or nil when the model is unpriced or usage is unknown.
  public func cost(model: String, usage: TokenUsage?) -> Double? {
    guard let usage, let price = price(for: model) else { return nil }
    return price.cost(of: usage)
  }
}

/// The usage block the seed printed after each call.
public enum UsageReport {
  /// "Tokens Used: N\n\tPrompt Tokens: N\n\tCompletion Tokens: N\nTotal Cost (USD): $X".
  public static func text(usage: TokenUsage, cost: Double?) -> String {
    let price = cost.map { "$" + formatCost($0) } ?? "unpriced"
    return """
      Tokens Used: \(usage.totalTokens)
      \tPrompt Tokens: \(usage.promptTokens)
      \tCompletion Tokens: \(usage.completionTokens)
      Total Cost (USD): \(price)
      """
  }

  static func formatCost(_ value: Double) -> String {
    var text = String(format: "%.6f", value)
    // Keep at least cents; drop trailing zeros past them.
    while text.hasSuffix("0"), let dot = text.firstIndex(of: "."),
      text.distance(from: dot, to: text.endIndex) > 3
    {
      text.removeLast()
    }
    return text
  }
}
