import Foundation
import Testing
@testable import GitLLM

/// Run by ci/bench-fill (GITLLM_BENCH=1); prints one line per measure and checks the targets.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GITLLM_BENCH"] == "1"))
struct FillBenchmarkTests {
  /// An instant model: the loop's own cost is what is left.
  struct InstantProvider: ChatProvider {
    let name = "instant"
    func complete(_ request: ChatRequest) async throws -> ChatResponse {
      ChatResponse(content: "```python\ndef f():\n    return \(request.messages.count)\n```\n", model: request.model)
    }
  }

  @Test func loopOverheadPerAttempt() async throws {
    let repo = try TestRepository("bench")
    try repo.commit("stub", files: ["f.py": "# llm-stub: f\ndef f(): pass\n", "test_f.py": "x\n"])
    let attempts = 100
    let log = try FillAttemptLog(path: repo.path + "/.git/llm/fill.sqlite", head: nil, command: "bench")
    // The test command does nothing and fails, so every attempt is a full round with feedback.
    let options = FillOptions(model: "m", maxAttempts: attempts, testCommand: "exit 1")
    let stub = Stub(path: "f.py", objective: "f", testPath: "test_f.py")
    let result = await StubFiller(provider: InstantProvider(), options: options, log: log).fill(stub, root: repo.path)
    #expect(result.attempts.count == attempts)
    let perAttempt = result.seconds / Double(attempts) * 1000
    print("bench-fill: loop overhead per attempt (instant model, `exit 1` test, SQLite log): \(String(format: "%.2f", perAttempt)) ms (target <= 20 ms)")
    #expect(perAttempt <= 20)
  }

  @Test func parallelStubsWithSecondLongTests() async throws {
    let repo = try TestRepository("bench-jobs")
    var files: [String: String] = [:]
    for index in 1...8 {
      files["s\(index).py"] = "# llm-stub: s\(index)\n"
      files["test_s\(index).py"] = "x\n"
    }
    try repo.commit("stubs", files: files)
    let stubs = try StubSelection.all.stubs(in: Repository(path: repo.path))
    let options = FillOptions(model: "m", maxAttempts: 1, testCommand: "sleep 1")
    var seconds: [Int: Double] = [:]
    for jobs in [1, 4] {
      try repo.git("checkout", "--", ".")
      let report = try await FillRun(root: repo.path, filler: StubFiller(provider: InstantProvider(), options: options), jobs: jobs, isolate: true).run(stubs)
      #expect(report.passed)
      seconds[jobs] = report.seconds
    }
    let one = seconds[1] ?? 0
    let four = seconds[4] ?? 0
    print("bench-fill: 8 stubs, 1 s tests: --jobs 1 \(String(format: "%.2f", one)) s, --jobs 4 \(String(format: "%.2f", four)) s, ratio \(String(format: "%.2f", four / one)) (target <= 0.35)")
    #expect(four / one <= 0.35)
  }
}
