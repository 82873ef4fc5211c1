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

  @Test func aPathThatIsNotASummarisedSourceIsAUsageError() throws {
    let repo = try TestRepository()
    try repo.commit(
      "base", files: ["a.py": "a = 1\n", "logo.png": "png\n", "docs/readme.txt": "r\n"])
    #expect(symlink("a.py", repo.path + "/link.py") == 0)
    try repo.git("add", "link.py")
    try repo.write("loose.py", "l = 1\n")
    let cases: [(String, String)] = [
      ("nonexistent.py", "nonexistent.py: not in the index or the work tree"),
      ("logo.png", "logo.png: not a summarised source (its extension is not in summaries.include)"),
      ("link.py", "link.py: a symlink"),
      ("loose.py", "loose.py: not tracked (git add it first)"),
      ("docs", "docs: no summarised source in this folder"),
    ]
    for (path, message) in cases {
      let result = try gitLLM(["summarize", path], in: repo.path)
      #expect(result.status == 2, "\(path): \(result)")
      #expect(result.stderr.contains(message), "\(path): \(result)")
      #expect(result.stdout.isEmpty, "\(path): \(result)")
    }
    #expect(!repo.exists("a.py.md") && !repo.exists("link.py.md"))
    let good = try gitLLM(["summarize", "a.py"], in: repo.path)
    #expect(good.status == 0 && good.stdout.contains("wrote a.py.md"), "\(good)")
  }

  @Test func summarizeNeverWritesOverAHandEdit() throws {
    let repo = try TestRepository()
    try repo.commit("base", files: ["a.py": "a = 1\n", "b.py": "b = 1\n"])
    #expect(try gitLLM(["summarize"], in: repo.path).status == 0)
    try repo.git("add", "-A")
    try repo.git("commit", "-q", "-m", "summaries")
    let edited = try repo.read("a.py.md") + "MY HAND NOTES\n"
    try repo.write("a.py.md", edited)
    try repo.write("a.py", "a = 2\n")
    try repo.write("b.py", "b = 2\n")
    try repo.git("commit", "-q", "-m", "change", "a.py", "b.py")
    let result = try gitLLM(["summarize", "--all", "--force"], in: repo.path)
    #expect(result.status == 1, "\(result)")
    #expect(result.stdout.contains("kept a.py.md: has unstaged changes"), "\(result)")
    #expect(result.stdout.contains("wrote b.py.md"))
    #expect(result.stdout.hasSuffix("1 written, 0 fresh, 1 kept; git add them to commit\n"))
    #expect(try repo.read("a.py.md") == edited)
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
