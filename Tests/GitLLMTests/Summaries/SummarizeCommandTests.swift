import Foundation
import Testing

@testable import GitLLM

/// `git llm summarize` end to end, provider `none`.
@Suite struct SummarizeCommandTests {
  struct Report: Decodable {
    struct Entry: Decodable {
      var source: String
      var summary: String
      var model: String?
      var reason: String?
    }
    var checked: Int
    var written: [Entry]
    var skipped: [Entry]
    var failed: [Entry]
    var staged: Bool
  }

  func report(_ result: ProcessResult) throws -> Report {
    try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
  }

  @Test func writesStaleSummariesOfTrackedSourcesWithoutStaging() throws {
    let repo = try TestRepository()
    try repo.commit(
      "base",
      files: ["src/a.py": "def a():\n    pass\n", "src/b.go": "package b\n", "README.md": "r\n"])
    try repo.write("untracked.py", "u = 1\n")
    let first = try gitLLM(["summarize", "--json"], in: repo.path)
    #expect(first.status == 0, "\(first)")
    let written = try report(first)
    #expect(written.checked == 2)
    #expect(written.written.map(\.summary) == ["src/a.py.md", "src/b.go.md"])
    #expect(written.written.allSatisfy { $0.model == "outline" && $0.reason == "missing" })
    #expect(!written.staged)
    #expect(
      try repo.git("status", "--porcelain", "--untracked-files=all").split(separator: "\n").sorted()
        == ["?? src/a.py.md", "?? src/b.go.md", "?? untracked.py"])
    let again = try gitLLM(["summarize"], in: repo.path)
    #expect(again.stdout.hasSuffix("0 written, 2 fresh\n"), "\(again)")
    let forced = try gitLLM(["summarize", "--all", "--force", "--json"], in: repo.path)
    #expect(try report(forced).written.map(\.reason) == ["forced", "forced"])
  }

  @Test func pathsAreRelativeToTheCurrentFolder() throws {
    let repo = try TestRepository()
    try repo.commit(
      "base", files: ["src/a.py": "a = 1\n", "src/sub/c.py": "c = 1\n", "lib/b.py": "b = 1\n"])
    let result = try gitLLM(["summarize", "sub", "../lib/b.py"], in: repo.path + "/src")
    #expect(result.status == 0, "\(result)")
    #expect(
      result.stdout.contains("wrote src/sub/c.py.md") && result.stdout.contains("wrote lib/b.py.md")
    )
    #expect(!repo.exists("src/a.py.md"))
    let outside = try gitLLM(["summarize", "/tmp"], in: repo.path)
    #expect(outside.status == 2, "\(outside)")
  }

  @Test func stagedSummarisesWhatIsStagedAndStagesIt() throws {
    let repo = try TestRepository()
    try repo.commit("base", files: ["a.py": "a = 1\n", "b.py": "b = 1\n"])
    try repo.write("a.py", "a = 2\n")
    try repo.git("add", "a.py")
    let result = try gitLLM(["summarize", "--staged"], in: repo.path)
    #expect(result.status == 0, "\(result)")
    #expect(try repo.git("diff", "--cached", "--name-only") == "a.py\na.py.md")
    #expect(!repo.exists("b.py.md"))
  }

  @Test func conflictingScopesAreUsageErrors() throws {
    let repo = try TestRepository()
    #expect(try gitLLM(["summarize", "--staged", "--all"], in: repo.path).status == 2)
    #expect(try gitLLM(["summarize", "--all", "x.py"], in: repo.path).status == 2)
  }

  @Test func theShippedHookShimRunsTheHook() throws {
    let shim = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../../hooks/pre-commit").standardizedFileURL.path
    let repo = try TestRepository()
    try FileManager.default.copyItem(atPath: shim, toPath: repo.path + "/.git/hooks/pre-commit")
    try repo.write("a.sh", "# Says hello.\nhello() {\n  echo hi\n}\n")
    try repo.git("add", "a.sh")
    let result = try repo.commitWithHook(
      ["-m", "one"], environment: ["GIT_LLM_BIN": Subprocess.gitLLMBinary])
    #expect(result.status == 0, "\(result)")
    #expect(try repo.git("show", "HEAD:a.sh.md").contains("`hello()` — Says hello."))
  }
}
