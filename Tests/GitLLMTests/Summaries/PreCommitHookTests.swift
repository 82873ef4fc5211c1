import Foundation
import Testing

@testable import GitLLM

/// `git commit` in real repositories with the hook installed, running the built binary
/// (provider `none`: outline summaries).
@Suite struct PreCommitHookTests {
  func repository() throws -> TestRepository {
    let repo = try TestRepository("hook")
    try repo.installSummariesHook()
    return repo
  }

  @Test func aCommitCarriesTheSummaryOfWhatIsStagedNotOfTheWorkTree() throws {
    let repo = try repository()
    try repo.write("tool.py", "def staged():\n    pass\n")
    try repo.git("add", "tool.py")
    try repo.write("tool.py", "def staged():\n    pass\n\ndef unstaged():\n    pass\n")
    let result = try repo.commitWithHook(["-m", "partial"])
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("1 summary updated and staged"))
    let matter = try #require(try repo.committedFrontMatter("tool.py.md"))
    #expect(matter.sourceBlob?.hex == (try repo.git("rev-parse", "HEAD:tool.py")))
    #expect(matter.model == "outline")
    #expect(matter.source == "tool.py")
    let committed = try repo.git("show", "HEAD:tool.py.md")
    #expect(committed.contains("`def staged()`") && !committed.contains("unstaged"))
    // The unstaged edit is still there, unstaged.
    #expect(try repo.git("status", "--porcelain") == "M tool.py")
  }

  @Test func freshSummariesAreLeftAlone() throws {
    let repo = try repository()
    try repo.write("a.py", "a = 1\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "one"]).status == 0)
    let before = try repo.git("rev-parse", "HEAD:a.py.md")
    try repo.write("README", "docs\n")
    try repo.git("add", "README")
    let result = try repo.commitWithHook(["-m", "two"])
    #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
    #expect(try repo.git("rev-parse", "HEAD:a.py.md") == before)
    #expect(try repo.git("show", "--name-only", "--format=", "HEAD") == "README")
  }

  @Test func renamesMoveAndDeletesRemoveTheSummaries() throws {
    let repo = try repository()
    let body = (1...20).map { "value_\($0) = \($0)\n" }.joined()
    try repo.write("old.py", body)
    try repo.write("gone.py", "x = 1\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "one"]).status == 0)
    try repo.git("mv", "old.py", "new.py")
    try repo.git("rm", "-q", "gone.py")
    let result = try repo.commitWithHook(["-m", "rename and delete"])
    #expect(result.status == 0, "\(result)")
    let files = try repo.git("ls-tree", "-r", "--name-only", "HEAD").split(separator: "\n")
    #expect(files == ["new.py", "new.py.md"])
    let matter = try #require(try repo.committedFrontMatter("new.py.md"))
    #expect(matter.source == "new.py")
    #expect(matter.sourceBlob?.hex == (try repo.git("rev-parse", "HEAD:new.py")))
    #expect(!repo.exists("old.py.md") && !repo.exists("gone.py.md"))
    #expect(try repo.git("status", "--porcelain").isEmpty)
  }

  @Test func amendAndCommitAllUseTheIndexGitHandsTheHook() throws {
    let repo = try repository()
    try repo.write("a.py", "a = 1\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "one"]).status == 0)
    // git commit -a: the hook sees a temporary index (GIT_INDEX_FILE).
    try repo.write("a.py", "a = 2\n")
    let all = try repo.commitWithHook(["-a", "-m", "all"])
    #expect(all.status == 0, "\(all)")
    #expect(
      try repo.committedFrontMatter("a.py.md")?.sourceBlob?.hex
        == (try repo.git("rev-parse", "HEAD:a.py")))
    #expect(try repo.git("status", "--porcelain").isEmpty)
    // --amend with a further change.
    try repo.write("a.py", "a = 3\n")
    try repo.git("add", "a.py")
    let amend = try repo.commitWithHook(["--amend", "-m", "all, amended"])
    #expect(amend.status == 0, "\(amend)")
    #expect(try repo.git("rev-list", "--count", "HEAD") == "2")
    #expect(
      try repo.committedFrontMatter("a.py.md")?.sourceBlob?.hex
        == (try repo.git("rev-parse", "HEAD:a.py")))
    #expect(try repo.git("status", "--porcelain").isEmpty)
  }

  @Test func aPartialCommitAndTheNextCommitKeepTheSummaryFresh() throws {
    let repo = try repository()
    try repo.write("a.py", "a = 1\n")
    try repo.write("b.py", "b = 1\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "one"]).status == 0)
    try repo.write("a.py", "a = 2\n")
    try repo.write("b.py", "b = 2\n")
    // git commit PATH: git commits from a temporary index and keeps its own for the rest.
    let partial = try repo.commitWithHook(["-m", "only a", "a.py"])
    #expect(partial.status == 0, "\(partial)")
    #expect(
      try repo.committedFrontMatter("a.py.md")?.sourceBlob?.hex
        == (try repo.git("rev-parse", "HEAD:a.py")))
    // git's index still holds the old a.py.md; the next commit must not put it back.
    try repo.git("add", "b.py")
    let next = try repo.commitWithHook(["-m", "b"])
    #expect(next.status == 0, "\(next)")
    #expect(
      try repo.committedFrontMatter("a.py.md")?.sourceBlob?.hex
        == (try repo.git("rev-parse", "HEAD:a.py")))
    #expect(
      try repo.committedFrontMatter("b.py.md")?.sourceBlob?.hex
        == (try repo.git("rev-parse", "HEAD:b.py")))
    #expect(try repo.git("status", "--porcelain").isEmpty)
  }

  @Test func aMergeCommitRegeneratesOnlyTheResolvedSource() throws {
    let repo = try repository()
    try repo.write("shared.py", "v = 0\n")
    try repo.write("side.py", "s = 0\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "base"]).status == 0)
    try repo.git("checkout", "-q", "-b", "topic")
    try repo.write("shared.py", "v = 1\n")
    try repo.write("side.py", "s = 1\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "topic"]).status == 0)
    let topicSide = try repo.git("rev-parse", "HEAD:side.py.md")
    try repo.git("checkout", "-q", "main")
    try repo.write("shared.py", "v = 2\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "main"]).status == 0)
    let merge = try Subprocess.run("/usr/bin/git", ["merge", "-q", "topic"], in: repo.path)
    #expect(merge.status != 0)  // conflicts in shared.py and its summary
    try repo.write("shared.py", "v = 3\n")
    try repo.git("checkout", "--theirs", "shared.py.md")
    try repo.git("add", "-A")
    let result = try repo.commitWithHook(["--no-edit"])
    #expect(result.status == 0, "\(result)")
    #expect(
      try repo.git("rev-list", "--parents", "-n", "1", "HEAD").split(separator: " ").count == 3)
    #expect(
      try repo.committedFrontMatter("shared.py.md")?.sourceBlob?.hex
        == (try repo.git("rev-parse", "HEAD:shared.py")))
    // The summary merged in from topic was fresh and is kept byte for byte.
    #expect(try repo.git("rev-parse", "HEAD:side.py.md") == topicSide)
  }

  @Test func aLinkedWorktreeUsesItsOwnIndex() throws {
    let repo = try repository()
    try repo.write("a.py", "a = 1\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "one"]).status == 0)
    let other = try ScratchDirectory("worktree")
    let tree = other.path + "/wt"
    try repo.git("worktree", "add", "-q", "-b", "side", tree)
    try other.write("wt/a.py", "a = 2\n")
    try git("add", "a.py", in: tree)
    let result = try Subprocess.run("/usr/bin/git", ["commit", "-q", "-m", "side"], in: tree)
    #expect(result.status == 0, "\(result)")
    #expect(try git("rev-parse", "side:a.py.md", in: repo.path) != (try repo.git("rev-parse", "main:a.py.md")))
    let matter = SummaryFrontMatter.parse(Data(try git("show", "side:a.py.md", in: tree).utf8))
    #expect(matter?.sourceBlob?.hex == (try git("rev-parse", "side:a.py", in: tree)))
    #expect(try git("status", "--porcelain", in: tree).isEmpty)
    #expect(try repo.git("status", "--porcelain").isEmpty)
  }

  @Test func theInstalledHookKeepsSummariesFresh() throws {
    let repo = try TestRepository("installed")
    let install = try gitLLM(["install", "--hooks", "pre-commit"], in: repo.path)
    #expect(install.status == 0, "\(install)")
    try repo.write("lib/util.go", "package lib\n\n// Helper helps.\nfunc Helper() {}\n")
    try repo.git("add", "-A")
    let result = try repo.commitWithHook(["-m", "one"])
    #expect(result.status == 0, "\(result)")
    #expect(try repo.git("show", "HEAD:lib/util.go.md").contains("`func Helper()` — Helper helps."))
  }

  @Test func binaryFilesGetNoSummary() throws {
    let repo = try repository()
    try Data([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]).write(
      to: URL(fileURLWithPath: repo.path + "/image.h"))
    try repo.git("add", "-A")
    let result = try repo.commitWithHook(["-m", "binary"])
    #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
    #expect(try repo.git("ls-tree", "-r", "--name-only", "HEAD") == "image.h")
  }

  @Test func underThePreCommitFrameworkTheCommitFailsLikeAFormatter() throws {
    let repo = try repository()
    try repo.write("a.py", "a = 1\n")
    try repo.git("add", "-A")
    let result = try repo.commitWithHook(["-m", "one"], environment: ["PRE_COMMIT": "1"])
    #expect(result.status == 1, "\(result)")
    #expect(result.stderr.contains("summaries updated: git add them"))
    #expect(repo.exists("a.py.md"))
    #expect(
      try Subprocess.run("/usr/bin/git", ["rev-parse", "-q", "--verify", "HEAD"], in: repo.path)
        .status != 0)
    try repo.git("add", "a.py.md")
    #expect(try repo.commitWithHook(["-m", "one"], environment: ["PRE_COMMIT": "1"]).status == 0)
  }

  @Test func mirrorLayoutFromGitLLMFile() throws {
    let repo = try repository()
    try repo.write(".gitllm", "[summaries]\n\tlayout = mirror\n\tdir = docs/summaries\n")
    try repo.write("src/main.go", "package main\n\n// Entry.\nfunc main() {}\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "one"]).status == 0)
    let summary = try repo.git("show", "HEAD:docs/summaries/src/main.go.md")
    #expect(summary.contains("source: src/main.go") && summary.contains("`func main()` — Entry."))
  }
}
