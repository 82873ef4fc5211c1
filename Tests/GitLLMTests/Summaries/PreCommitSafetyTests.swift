import Foundation
import Testing

@testable import GitLLM

/// `git commit` with the hook installed (provider `none`): what the hook must never do — lose a
/// hand edit, commit a conflicted summary, summarise what is not content.
@Suite struct PreCommitSafetyTests {
  func repository() throws -> TestRepository {
    let repo = try TestRepository("hook-safety")
    try repo.installSummariesHook()
    return repo
  }

  func commitBase(_ repo: TestRepository, _ files: [String: String]) throws {
    for (path, text) in files { try repo.write(path, text) }
    try repo.git("add", "-A")
    let base = try repo.commitWithHook(["-m", "base"])
    #expect(base.status == 0, "\(base)")
  }

  @Test func anUnstagedHandEditToAStaleSummaryIsKeptWithOneWarning() throws {
    let repo = try repository()
    try commitBase(repo, ["calc.py": "def add(a, b):\n    return a + b\n"])
    let before = try repo.git("rev-parse", "HEAD:calc.py.md")
    let edited = try repo.scratch.read("calc.py.md") + "MY HAND NOTES\n"
    try repo.write("calc.py.md", edited)
    try repo.write("calc.py", "def add(a, b):\n    return a + b\n\ndef sub(a, b):\n    pass\n")
    try repo.git("add", "calc.py")
    let result = try repo.commitWithHook(["-m", "sub"])
    #expect(result.status == 0, "\(result)")
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(result)")
    #expect(
      lines.first?.hasPrefix("git-llm: warning: calc.py.md has unstaged changes") == true
        && result.stderr.contains("git restore calc.py.md"), "\(result)")
    #expect(try repo.scratch.read("calc.py.md") == edited)
    #expect(try repo.git("rev-parse", "HEAD:calc.py.md") == before)
    #expect(try repo.git("status", "--porcelain") == "M calc.py.md")
  }

  @Test func requiredStopsTheCommitRatherThanLoseAHandEdit() throws {
    let repo = try repository()
    try commitBase(repo, ["calc.py": "x = 1\n"])
    try repo.git("config", "summaries.required", "true")
    let edited = try repo.scratch.read("calc.py.md") + "MY HAND NOTES\n"
    try repo.write("calc.py.md", edited)
    try repo.write("calc.py", "x = 2\n")
    try repo.git("add", "calc.py")
    let result = try repo.commitWithHook(["-m", "two"])
    #expect(result.status == 1, "\(result)")
    #expect(result.stderr.contains("git-llm: error: calc.py.md has unstaged changes"))
    #expect(result.stderr.contains("the commit is stopped because summaries.required is set"))
    #expect(try repo.git("rev-list", "--count", "HEAD") == "1")
    #expect(try repo.scratch.read("calc.py.md") == edited)
  }

  @Test func deletingASourceKeepsAHandEditedSummary() throws {
    let repo = try repository()
    try commitBase(repo, ["gone.py": "g = 1\n", "stay.py": "s = 1\n"])
    let edited = try repo.scratch.read("gone.py.md") + "MY HAND NOTES\n"
    try repo.write("gone.py.md", edited)
    try repo.git("rm", "-q", "gone.py")
    let result = try repo.commitWithHook(["-m", "delete"])
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("git-llm: warning: gone.py.md has unstaged changes"))
    #expect(try repo.scratch.read("gone.py.md") == edited)
    // A summary without hand edits still goes with its source.
    try repo.git("rm", "-q", "stay.py")
    let second = try repo.commitWithHook(["-m", "delete stay"])
    #expect(second.status == 0, "\(second)")
    #expect(!repo.exists("stay.py.md"))
    #expect(!(try repo.git("ls-tree", "-r", "--name-only", "HEAD").contains("stay.py.md")))
  }

  @Test func aConflictedSummaryIsRegeneratedAtTheMergeCommit() throws {
    let repo = try repository()
    try commitBase(repo, ["a.py": "def base():\n    pass\n"])
    try repo.git("checkout", "-q", "-b", "topic")
    try repo.write("a.py", "def theirs():\n    pass\n")
    try repo.git("add", "a.py")
    #expect(try repo.commitWithHook(["-m", "topic"]).status == 0)
    try repo.git("checkout", "-q", "main")
    try repo.write("a.py", "def ours():\n    pass\n")
    try repo.git("add", "a.py")
    #expect(try repo.commitWithHook(["-m", "main"]).status == 0)
    let merge = try Subprocess.run("/usr/bin/git", ["merge", "-q", "topic"], in: repo.path)
    #expect(merge.status != 0)
    #expect(try repo.scratch.read("a.py.md").contains("<<<<<<<"))
    try repo.git("checkout", "--theirs", "a.py")
    try repo.git("add", "a.py", "a.py.md")
    let result = try repo.commitWithHook(["--no-edit"])
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("1 summary updated and staged"), "\(result)")
    let committed = try repo.git("show", "HEAD:a.py.md")
    #expect(!committed.contains("<<<<<<<") && !committed.contains(">>>>>>>"))
    #expect(!committed.contains("\n=======\n"))
    let summary = try #require(Summary.parse(Data(committed.utf8)))
    #expect(summary.sourceBlob.hex == (try repo.git("rev-parse", "HEAD:a.py")))
    #expect(summary.body.contains("theirs()") && !summary.body.contains("ours()"))
    #expect(try repo.git("status", "--porcelain").isEmpty)
  }

  @Test func intentToAddSymlinksAndLFSPointersGetNoSummary() throws {
    let server = try PreCommitProviderTests.chatServer()
    let env = PreCommitProviderTests.environment(server.baseURL)
    let repo = try repository()
    try repo.git("config", "llm.maxRetries", "1")
    try repo.write("top.py", "t = 1\n")
    try repo.git("add", "top.py")
    #expect(try repo.commitWithHook(["-m", "base"], environment: env).status == 0)
    let baseCalls = server.requests.filter { $0.path.hasSuffix("/chat/completions") }.count
    #expect(baseCalls == 1)
    try repo.write("new.py", "n = 1\n")
    try repo.git("add", "-N", "new.py")
    #expect(symlink("top.py", repo.path + "/link.py") == 0)
    try repo.write(
      "big.py",
      "version https://git-lfs.github.com/spec/v1\noid sha256:"
        + String(repeating: "ab", count: 32) + "\nsize 52428800\n")
    try repo.git("add", "link.py", "big.py")
    let result = try repo.commitWithHook(["-m", "more"], environment: env)
    #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
    let files = try repo.git("ls-tree", "-r", "--name-only", "HEAD").split(separator: "\n")
    #expect(files == ["big.py", "link.py", "top.py", "top.py.md"])
    #expect(!repo.exists("new.py.md") && !repo.exists("link.py.md") && !repo.exists("big.py.md"))
    #expect(server.requests.filter { $0.path.hasSuffix("/chat/completions") }.count == baseCalls)
    #expect(try repo.git("status", "--porcelain") == "A new.py")
  }
}
