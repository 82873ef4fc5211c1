import Foundation
import Testing

@testable import GitLLM

@Suite struct SummaryGeneratorTests {
  func jobs(_ count: Int) -> [SummaryJob] {
    (0..<count).map { index in
      let blob = ObjectID(hex: String(repeating: String(index % 10), count: 40))!
      return SummaryJob(
        task: SummaryTask(
          source: "src/f\(index).py", blob: blob, summaryPath: "src/f\(index).py.md",
          reason: .missing),
        text: "def f\(index)():\n    return \(index)\n")
    }
  }

  @Test func callsTheModelForEachJobWithinTheConcurrencyBound() async throws {
    let provider = ScriptedChatProvider(delay: .milliseconds(60))
    let generator = SummaryGenerator(provider: provider, model: "m", concurrency: 3)
    var seen: [String] = []
    let outcomes = await generator.generate(jobs(10), totalTimeout: .seconds(30)) { _, job, _ in
      seen.append(job.task.source)
    }
    #expect(provider.calls == 10)
    #expect(provider.maxInFlight == 3)
    #expect(seen.count == 10)
    for (index, outcome) in outcomes.enumerated() {
      guard case .generated(let summary) = outcome else {
        Issue.record("job \(index): \(outcome)")
        continue
      }
      #expect(summary.source == "src/f\(index).py")
      #expect(summary.model == "scripted-1")
      #expect(summary.body == "A summary.")
      #expect(summary.sourceBlob.hex.hasPrefix(String(index % 10)))
    }
  }

  @Test func thePromptCarriesThePathLanguageContentAndWhatToCover() async throws {
    let captured = ScriptedChatProvider { request in
      let user = request.messages.last?.content ?? ""
      #expect(request.model == "gpt-test")
      #expect(request.messages.first?.role == .system)
      for part in [
        "`src/f0.py`", "Python", "Purpose", "Main types and functions", "Inputs and outputs",
        "Side effects", "```python\ndef f0():",
      ] {
        #expect(user.contains(part), "\(part) missing from the prompt")
      }
      return "  ## Purpose\nComputes zero.\n\n"
    }
    let generator = SummaryGenerator(provider: captured, model: "gpt-test")
    let summary = try await generator.summarize(jobs(1)[0])
    #expect(summary.body == "## Purpose\nComputes zero.")
  }

  @Test func aSlowModelMissesThePerFileDeadline() async throws {
    let provider = ScriptedChatProvider(delay: .seconds(600))
    let generator = SummaryGenerator(provider: provider, model: "m", timeout: .milliseconds(150))
    let clock = ContinuousClock()
    let start = clock.now
    let outcomes = await generator.generate(jobs(2), totalTimeout: .seconds(120))
    // Generous bound: the whole suite running in parallel keeps the cooperative pool busy for
    // seconds at a time; the model would take 10 minutes.
    #expect(clock.now - start < .seconds(90))
    #expect(
      outcomes.allSatisfy {
        if case .failed(let message) = $0 { message.contains("summaries.timeout") } else { false }
      })
  }

  @Test func theTotalDeadlineStopsTheRun() async throws {
    let provider = ScriptedChatProvider(delay: .seconds(1))
    let generator = SummaryGenerator(
      provider: provider, model: "m", timeout: .seconds(60), concurrency: 1)
    let outcomes = await generator.generate(jobs(6), totalTimeout: .milliseconds(1500))
    // Without the total deadline all six would run, one after the other; a loaded test run
    // slows the pool, so the check is on what ran rather than on the time taken.
    let generated = outcomes.filter { if case .generated = $0 { true } else { false } }.count
    #expect(generated <= 2)
    #expect(provider.calls <= 2)
    let stopped = outcomes.filter {
      if case .failed(let m) = $0 { m.contains("summaries.totalTimeout") } else { false }
    }
    #expect(stopped.count >= 4)
    #expect(
      outcomes.last.map {
        if case .failed(let m) = $0 { m.contains("summaries.totalTimeout") } else { false }
      } == true)
  }

  @Test func providerErrorsBecomeFailedOutcomes() async {
    let provider = ScriptedChatProvider { _ in throw ProviderDown() }
    let outcomes = await SummaryGenerator(provider: provider, model: "m").generate(
      jobs(2), totalTimeout: .seconds(5))
    #expect(outcomes == [.failed("connection refused"), .failed("connection refused")])
    let empty = ScriptedChatProvider { _ in "  \n" }
    let answer = await SummaryGenerator(provider: empty, model: "m").generate(
      jobs(1), totalTimeout: .seconds(5))
    #expect(answer == [.failed(SummaryError.emptyAnswer.description)])
  }

  @Test func withoutAProviderTheSummaryIsAnOutline() async throws {
    let summary = try await SummaryGenerator(provider: nil, model: "").summarize(jobs(1)[0])
    #expect(summary.model == "outline")
    #expect(summary.isOutline)
    #expect(summary.body.contains("- `def f0()`"))
  }
}
