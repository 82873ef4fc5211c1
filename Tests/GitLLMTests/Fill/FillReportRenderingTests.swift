import Foundation
import Testing
@testable import GitLLM

/// The fill report's cost column: a real cost never reads as $0, an unknown price says so.
@Suite struct FillReportRenderingTests {
  static func report(cost: Double?) -> FillReport {
    let attempt = FillAttempt(
      number: 1, prompt: "p", answer: "a", outcome: .passed, exitCode: 0, output: "",
      promptTokens: 120, completionTokens: 30, costUSD: cost, seconds: 0.5)
    let result = StubResult(
      stub: Stub(path: "primes.py", objective: "o", testPath: "test_primes.py"), passed: true,
      attempts: [attempt], reason: nil, seconds: 0.5)
    return FillReport(stubs: [result], finalChecks: [], seconds: 0.5)
  }

  @Test func costsKeepTheirSignificantDigits() {
    #expect(FillReport.cost(0.000036) == "$0.000036")
    #expect(FillReport.cost(0.00000042) == "$0.00000042")
    #expect(FillReport.cost(1.5) == "$1.500000")
    #expect(FillReport.cost(nil) == "unpriced")
    #expect(FillReport.cost(0) == "$0")
  }

  @Test func tableAndMarkdownShowASmallCostAndUnpriced() {
    let priced = Self.report(cost: 0.000036)
    #expect(priced.table.contains("$0.000036"))
    #expect(!priced.table.contains("$0.0000 "))
    #expect(priced.markdown.contains("| 150 | $0.000036 |"))
    let unpriced = Self.report(cost: nil)
    #expect(unpriced.table.contains("unpriced"))
    #expect(unpriced.markdown.contains("| 150 | unpriced |"))
  }
}
