import Foundation
import Testing

@testable import GitLLM

@Suite struct SummarizerTests {
  @Test func longRunsGoInBatchesAndReportProgressToTheEnd() async throws {
    let repo = try TestRepository()
    var files: [String: String] = [:]
    for index in 0..<(Summarizer.batchSize + 6) { files["pkg/m\(index).py"] = "value = \(index)\n" }
    files["pkg/data.c"] = "\u{0}binary"
    try repo.commit("base", files: files)
    let repository = try repo.open()
    let layout = SummaryLayout(kind: .mirror, directory: "notes", extensions: [".py", ".c"])
    let plan = try SummaryPlanner(repository: repository, layout: layout, modelConfigured: true)
      .plan(.all)
    let provider = ScriptedChatProvider()
    let summarizer = Summarizer(
      repository: repository,
      generator: SummaryGenerator(provider: provider, model: "m", concurrency: 3), stage: false)
    var last = (0, 0)
    let report = try await summarizer.run(plan) { done, total, _ in last = (done, total) }
    #expect(provider.calls == Summarizer.batchSize + 6)
    #expect(provider.maxInFlight <= 3)
    #expect(last == (plan.stale.count, plan.stale.count))
    #expect(report.written.count == Summarizer.batchSize + 6)
    #expect(report.skipped.map(\.source) == ["pkg/data.c"])
    #expect(!report.staged && report.failed.isEmpty)
    let summary = try #require(
      Summary.parse(try Data(contentsOf: URL(fileURLWithPath: repo.path + "/notes/pkg/m7.py.md"))))
    #expect(summary.source == "pkg/m7.py" && summary.model == "scripted-1")
    #expect(summary.sourceBlob.hex == (try repo.git("rev-parse", "HEAD:pkg/m7.py")))
    // Nothing was staged, and no temporary file is left behind.
    #expect(try repo.git("diff", "--cached", "--name-only").isEmpty)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/notes/pkg")
      .filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty)
  }
}
