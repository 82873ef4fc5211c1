import Foundation

/// A provider that totals the tokens and cost of the answers passing through it, for the usage
/// block a command prints on request (`--usage`).
public final class UsageMeter: ChatProvider, @unchecked Sendable {
  // @unchecked: the totals are only read and written under `lock`.
  private let base: any ChatProvider
  private let prices: PriceTable
  private let lock = NSLock()
  private var total = TokenUsage()
  private var cost: Double? = 0
  private var calls = 0

  public init(base: any ChatProvider, prices: PriceTable) {
    self.base = base
    self.prices = prices
  }

  public var name: String { base.name }

  public func complete(_ request: ChatRequest) async throws -> ChatResponse {
    try count(await base.complete(request), requested: request.model)
  }

  public func stream(_ request: ChatRequest, onDelta: @escaping @Sendable (String) -> Void)
    async throws -> ChatResponse
  {
    try count(await base.stream(request, onDelta: onDelta), requested: request.model)
  }

  private func count(_ response: ChatResponse, requested: String) -> ChatResponse {
    let model = response.model.isEmpty ? requested : response.model
    let price = prices.cost(model: model, usage: response.usage)
    lock.withLock {
      calls += 1
      let usage = response.usage ?? TokenUsage()
      total.promptTokens += usage.promptTokens
      total.completionTokens += usage.completionTokens
      // One unpriced call (unknown model or usage not reported) makes the total unpriced.
      cost = cost.flatMap { sum in price.map { sum + $0 } }
    }
    return response
  }

  /// The usage block of the calls since the last report ("Tokens Used… Total Cost (USD)…",
  /// the cost "unpriced" when a model has no price), then starts counting afresh; nil when no
  /// call was made.
  public func takeReport() -> String? {
    lock.withLock {
      defer {
        total = TokenUsage()
        cost = 0
        calls = 0
      }
      return calls == 0 ? nil : UsageReport.text(usage: total, cost: cost)
    }
  }
}
