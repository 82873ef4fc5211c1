import Foundation
import Testing

@testable import GitLLM

@Suite struct PricingTests {
  @Test func knownModelsAndDatedVariantsArePriced() {
    let table = PriceTable()
    #expect(
      table.price(for: "gpt-4o-mini") == ModelPrice(input: 0.15, output: 0.6, cachedInput: 0.075))
    #expect(table.price(for: "gpt-4o-mini-2024-07-18") == table.price(for: "gpt-4o-mini"))
    #expect(table.price(for: "gpt-4o-2024-08-06") == table.price(for: "gpt-4o"))
    #expect(table.price(for: "claude-sonnet-4-20250514")?.input == 3)
    #expect(table.price(for: "claude-3-5-haiku-latest")?.output == 4)
    #expect(table.price(for: "openai/gpt-4.1") == table.price(for: "gpt-4.1"))
    #expect(table.price(for: "models/gemini-2.5-pro")?.output == 10)
  }

  @Test func unknownModelIsUnpricedNotFree() {
    let table = PriceTable()
    #expect(table.price(for: "llama3.2:3b") == nil)
    #expect(table.price(for: "gpt-4o-audio-preview") == nil)
    #expect(
      table.cost(model: "llama3.2:3b", usage: TokenUsage(promptTokens: 100, completionTokens: 10))
        == nil)
    #expect(table.cost(model: "gpt-4o", usage: nil) == nil)
  }

  @Test func costCountsCachedTokensAtTheCachedRate() throws {
    let price = ModelPrice(input: 2, output: 8, cachedInput: 0.5)
    let usage = TokenUsage(
      promptTokens: 1_000_000, completionTokens: 500_000, cachedTokens: 400_000)
    // 600k fresh × $2 + 400k cached × $0.5 + 500k × $8
    #expect(abs(price.cost(of: usage) - (1.2 + 0.2 + 4.0)) < 1e-9)
  }

  @Test func settingsOverrideWins() throws {
    let table = PriceTable(overrides: {
      $0 == "llama3.2:3b" ? "0.5, 1" : $0 == "gpt-4o" ? "1,2,0.25" : nil
    })
    #expect(table.price(for: "llama3.2:3b") == ModelPrice(input: 0.5, output: 1))
    #expect(table.price(for: "gpt-4o") == ModelPrice(input: 1, output: 2, cachedInput: 0.25))
    #expect(ModelPrice(setting: "abc") == nil)
    #expect(ModelPrice(setting: "1") == nil)
    #expect(ModelPrice(setting: "-1,2") == nil)
  }

  @Test func usageBlockMatchesTheSeed() {
    let usage = TokenUsage(promptTokens: 120, completionTokens: 30)
    #expect(
      UsageReport.text(usage: usage, cost: 0.000036)
        == "Tokens Used: 150\n\tPrompt Tokens: 120\n\tCompletion Tokens: 30\nTotal Cost (USD): $0.000036"
    )
    #expect(UsageReport.text(usage: usage, cost: nil).hasSuffix("Total Cost (USD): unpriced"))
    #expect(UsageReport.text(usage: usage, cost: 1.5).hasSuffix("$1.50"))
  }
}
