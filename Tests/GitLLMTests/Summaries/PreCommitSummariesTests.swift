import Foundation
import Testing

@testable import GitLLM

/// The hook's logic at library level, with a ChatProvider test double counting model calls.
@Suite struct PreCommitSummariesTests {
  func run(
    _ repo: TestRepository, provider: (any ChatProvider)?, flags: [String: String] = [:],
    environment: [String: String] = [:]
  ) async throws -> PreCommitSummaries.Result {
    let settings = try Settings.resolve(
      flags: ["summaries.timeout": "60", "summaries.totalTimeout": "120"].merging(flags) { $1 })
    return await PreCommitSummaries.run(
      repository: try repo.open(), settings: settings, provider: provider, environment: environment)
  }

  func stagedPaths(_ repo: TestRepository) throws -> [String] {
    try repo.git("diff", "--cached", "--name-only").split(separator: "\n").map(String.init)
  }

  @Test func onlyStaleSummariesCallTheModelAndAreStaged() async throws {
    let repo = try TestRepository()
    try repo.write("a.py", "a = 1\n")
    try repo.write("b.py", "b = 1\n")
    try repo.git("add", "-A")
    let provider = ScriptedChatProvider()
    let first = try await run(repo, provider: provider)
    #expect(first.status == 0)
    #expect(first.messages == ["git-llm: 2 summaries updated and staged"])
    #expect(provider.calls == 2)
    try repo.git("commit", "-q", "-m", "one")
    try repo.write("b.py", "b = 2\n")
    try repo.git("add", "b.py")
    let second = try await run(repo, provider: provider)
    #expect(provider.calls == 3)
    #expect(provider.paths.last == "b.py")
    #expect(try stagedPaths(repo) == ["b.py", "b.py.md"])
    #expect(second.report?.written.map(\.summary) == ["b.py.md"])
    let staged = try #require(SummaryFrontMatter.parse(Data(try repo.git("show", ":b.py.md").utf8)))
    #expect(staged.sourceBlob?.hex == (try repo.git("rev-parse", ":b.py")))
    #expect(staged.model == "scripted-1")
    let third = try await run(repo, provider: provider)
    #expect(third.messages.isEmpty && provider.calls == 3)
  }

  @Test func providerDownLetsTheCommitGoOnWithOneWarningLine() async throws {
    let repo = try TestRepository()
    try repo.write("a.py", "a = 1\n")
    try repo.write("b.py", "b = 1\n")
    try repo.git("add", "-A")
    let provider = ScriptedChatProvider { request in
      if request.messages.last?.content.contains("`b.py`") == true { throw ProviderDown() }
      return "fine"
    }
    let result = try await run(repo, provider: provider)
    #expect(result.status == 0)
    #expect(result.messages.count == 1)
    #expect(
      result.messages.first?.hasPrefix(
        "git-llm: warning: 1 of 2 summaries not updated (b.py: connection refused)") == true)
    #expect(try stagedPaths(repo) == ["a.py", "a.py.md", "b.py"])
    #expect(!repo.exists("b.py.md"))
  }

  @Test func requiredStopsTheCommitAndWritesNothing() async throws {
    let repo = try TestRepository()
    try repo.write("a.py", "a = 1\n")
    try repo.write("b.py", "b = 1\n")
    try repo.git("add", "-A")
    let provider = ScriptedChatProvider { request in
      if request.messages.last?.content.contains("`b.py`") == true { throw ProviderDown() }
      return "fine"
    }
    let result = try await run(repo, provider: provider, flags: ["summaries.required": "true"])
    #expect(result.status == 1)
    #expect(result.messages.count == 1)
    #expect(result.messages.first?.contains("summaries.required") == true)
    #expect(result.messages.first?.contains("nothing was written") == true)
    #expect(try stagedPaths(repo) == ["a.py", "b.py"])
    #expect(!repo.exists("a.py.md") && !repo.exists("b.py.md"))
  }

  @Test func deadlineExceededWarnsOnce() async throws {
    let repo = try TestRepository()
    try repo.write("slow.py", "s = 1\n")
    try repo.git("add", "-A")
    let provider = ScriptedChatProvider(delay: .seconds(600))
    let clock = ContinuousClock()
    let start = clock.now
    let result = try await run(repo, provider: provider, flags: ["summaries.timeout": "0.3"])
    #expect(clock.now - start < .seconds(90))  // the model would take 10 minutes
    #expect(result.status == 0)
    #expect(result.messages.count == 1)
    #expect(result.messages.first?.contains("summaries.timeout") == true)
  }

  @Test func underThePreCommitFrameworkSummariesAreWrittenNotStaged() async throws {
    let repo = try TestRepository()
    try repo.write("a.py", "a = 1\n")
    try repo.git("add", "-A")
    let result = try await run(repo, provider: nil, environment: ["PRE_COMMIT": "1"])
    #expect(result.status == 1)
    #expect(result.messages.last == "summaries updated: git add them")
    #expect(result.messages.contains("git-llm: updated a.py.md"))
    #expect(repo.exists("a.py.md"))
    #expect(try stagedPaths(repo) == ["a.py"])
    // Once added, the framework's next run passes.
    try repo.git("add", "a.py.md")
    #expect(try await run(repo, provider: nil, environment: ["PRE_COMMIT": "1"]).status == 0)
  }

  @Test func binarySourcesAreSkippedWithoutAModelCall() async throws {
    let repo = try TestRepository()
    try Data([0x7f, 0x45, 0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: repo.path + "/blob.c"))
    try repo.git("add", "-A")
    let provider = ScriptedChatProvider()
    let result = try await run(repo, provider: provider)
    #expect(result.status == 0)
    #expect(provider.calls == 0)
    #expect(result.report?.skipped.map(\.reason) == ["binary"])
    #expect(!repo.exists("blob.c.md"))
  }
}

extension PreCommitSummariesTests {
  @Test func underTheFrameworkAFreshButUnstagedSummaryStillNeedsAdding() async throws {
    let repo = try TestRepository()
    try repo.write("a.py", "a = 1\n")
    try repo.git("add", "a.py")
    #expect(try await run(repo, provider: nil).status == 0)  // writes and stages a.py.md
    try repo.git("commit", "-q", "-m", "one")
    try repo.write("a.py", "a = 2\n")
    try repo.git("add", "a.py")
    try gitLLM(["summarize", "a.py"], in: repo.path)  // fresh in the work tree, not staged
    let framework = try await run(repo, provider: nil, environment: ["PRE_COMMIT": "1"])
    #expect(framework.status == 1)
    #expect(framework.messages == ["git-llm: updated a.py.md", "summaries updated: git add them"])
    let hook = try await run(repo, provider: nil)
    #expect(
      hook.status == 0 && hook.report?.restaged == ["a.py.md"]
        && hook.report?.written.isEmpty == true)
    #expect(try repo.git("diff", "--cached", "--name-only") == "a.py\na.py.md")
  }
}
