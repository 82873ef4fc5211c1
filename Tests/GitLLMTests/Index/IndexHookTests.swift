import Foundation
import Testing
@testable import GitLLM

/// Real repositories with the hook shims installed, driven by the git CLI; the invariant is
/// checked after every operation.
@Suite struct IndexHookTests {
  func makeRepository() throws -> TestRepository {
    let repo = try TestRepository("hooks")
    try repo.commit("start", files: [
      "README.md": "# Hooks\n",
      "src/a.py": "def a():\n    return 'a'\n",
      "src/b.py": "def b():\n    return 'b'\n",
    ])
    try repo.installIndexHooks()
    let result = try gitLLM(["index"], in: repo.path)
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.contains("full index (first run)"))
    return repo
  }

  @Test func fastForwardAndTrueMergesReindex() throws {
    let repo = try makeRepository()
    try repo.git("checkout", "-q", "-b", "feature")
    try repo.commit("feature", files: ["src/c.py": "def c():\n    pass\n"])
    try repo.git("checkout", "-q", "main")
    try expectIndexMatchesHead(repo)  // post-checkout ran on the switch back
    let merge = try repo.gitWithHooks("merge", "-q", "--ff-only", "feature")
    #expect(merge.stderr.isEmpty, "hooks must stay quiet: \(merge.stderr)")
    #expect(try repo.indexedCommit() == repo.git("rev-parse", "HEAD"))
    try expectIndexMatchesHead(repo)

    try repo.git("checkout", "-q", "-b", "side", "HEAD~1")
    try repo.commit("side", files: ["src/d.py": "def d():\n    pass\n"])
    try repo.gitWithHooks("checkout", "-q", "main")
    try repo.commit("main moves", files: ["src/a.py": "def a():\n    return 'A'\n"])
    try repo.gitWithHooks("merge", "-q", "--no-edit", "side")
    #expect(try repo.indexedCommit() == repo.git("rev-parse", "HEAD"))
    try expectIndexMatchesHead(repo)
  }

  @Test func branchSwitchReindexesButFileCheckoutDoesNot() throws {
    let repo = try makeRepository()
    try repo.git("checkout", "-q", "-b", "other")
    try repo.commit("other", files: ["src/b.py": "def b():\n    return 'B'\n", "docs/x.md": "# X\n"])
    try repo.gitWithHooks("checkout", "-q", "main")
    try expectIndexMatchesHead(repo)
    let indexed = try repo.indexedCommit()
    try repo.gitWithHooks("checkout", "other", "--", "src/b.py")  // flag 0: no reindex
    #expect(try repo.indexedCommit() == indexed)
    try repo.gitWithHooks("switch", "-q", "other")
    #expect(try repo.indexedCommit() == repo.git("rev-parse", "HEAD"))
    try expectIndexMatchesHead(repo)
  }

  @Test func amendAndRebaseReindexThroughPostRewrite() throws {
    let repo = try makeRepository()
    try repo.write("src/a.py", "def a():\n    return 'amended'\n")
    try repo.git("add", "-A")
    try repo.gitWithHooks("commit", "-q", "--amend", "--no-edit")
    #expect(try repo.indexedCommit() == repo.git("rev-parse", "HEAD"))
    try expectIndexMatchesHead(repo)

    try repo.git("checkout", "-q", "-b", "topic")
    try repo.commit("topic", files: ["src/t.py": "def t():\n    pass\n"])
    try repo.gitWithHooks("checkout", "-q", "main")
    try repo.commit("main", files: ["src/m.py": "def m():\n    pass\n"])
    try repo.gitWithHooks("checkout", "-q", "topic")
    try repo.gitWithHooks("rebase", "-q", "main")
    #expect(try repo.indexedCommit() == repo.git("rev-parse", "HEAD"))
    try expectIndexMatchesHead(repo)
  }

  @Test func renamesDeletesAndAFileTurningBinary() throws {
    let repo = try makeRepository()
    try repo.git("checkout", "-q", "-b", "work")
    try repo.git("mv", "src/a.py", "src/renamed.py")
    try repo.git("rm", "-q", "src/b.py")
    try Data([0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: repo.scratch("README.md")))
    try repo.commit("reshape")
    try repo.gitWithHooks("checkout", "-q", "main")
    try repo.gitWithHooks("merge", "-q", "--ff-only", "work")
    try expectIndexMatchesHead(repo)
    let status = try gitLLM(["index", "--status", "--json"], in: repo.path)
    let decoded = try JSONDecoder().decode(IndexStatus.self, from: Data(status.stdout.utf8))
    #expect(decoded.fresh)
    #expect(decoded.files.first { $0.path == "README.md" }?.skipped == "binary")
  }

  @Test func conflictedMergeIsHealedByTheNextRun() throws {
    let repo = try makeRepository()
    try repo.git("checkout", "-q", "-b", "left")
    try repo.commit("left", files: ["src/a.py": "def a():\n    return 'left'\n", "src/l.py": "def l():\n    pass\n"])
    try repo.gitWithHooks("checkout", "-q", "main")
    try repo.commit("right", files: ["src/a.py": "def a():\n    return 'right'\n"])
    let merge = try Subprocess.run("/usr/bin/git", ["merge", "-q", "left"], in: repo.path)
    #expect(merge.status != 0)  // conflict: git runs no post-merge
    try repo.write("src/a.py", "def a():\n    return 'both'\n")
    try repo.git("add", "-A")
    try repo.git("commit", "-q", "--no-edit")
    #expect(try repo.indexedCommit() != repo.git("rev-parse", "HEAD"))
    let result = try gitLLM(["index"], in: repo.path)
    #expect(result.status == 0 && result.stdout.contains("incremental"), "\(result)")
    try expectIndexMatchesHead(repo)
  }

  @Test func shallowCloneFallsBackToAFullIndex() throws {
    let origin = try makeRepository()
    try origin.commit("second", files: ["src/e.py": "def e():\n    pass\n"])
    let clone = try TestRepository("shallow")
    try FileManager.default.removeItem(atPath: clone.path + "/.git")
    try git("clone", "-q", "--depth", "1", "file://\(origin.path)", ".", in: clone.path)
    // Pretend an index was built at a commit this shallow clone does not have.
    try FileManager.default.createDirectory(atPath: clone.path + "/.git/llm", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: origin.path + "/.git/llm/index.sqlite", toPath: clone.path + "/.git/llm/index.sqlite")
    let result = try gitLLM(["index"], in: clone.path)
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.contains("full index (indexed commit") && result.stdout.contains("missing"))
    try expectIndexMatchesHead(clone)
  }

  @Test func hookNeverFailsTheGitCommand() throws {
    let repo = try makeRepository()
    // A locked index: the hook waits for its bound, then skips quietly.
    try repo.git("config", "index.hookTimeout", "0.3")
    try repo.git("checkout", "-q", "-b", "x")
    try repo.commit("x", files: ["src/x.py": "def x():\n    pass\n"])
    do {
      let lock = try IndexLock(path: "\(repo.path)/.git/llm/index.lock", timeout: .seconds(1))
      let result = try gitLLM(["hook", "post-rewrite", "amend"], in: repo.path)
      #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
      #expect(try repo.indexedCommit() != repo.git("rev-parse", "HEAD"))
      withExtendedLifetime(lock) {}
    }
    // A damaged index database is rebuilt from git.
    try Data("garbage".utf8).write(to: URL(fileURLWithPath: "\(repo.path)/.git/llm/index.sqlite"))
    let rebuilt = try gitLLM(["hook", "post-merge", "0"], in: repo.path)
    #expect(rebuilt.status == 0 && rebuilt.stderr.isEmpty, "\(rebuilt)")
    try expectIndexMatchesHead(repo)
    // Anything else: exit 0 with one warning line.
    try FileManager.default.removeItem(atPath: "\(repo.path)/.git/llm")
    try Data().write(to: URL(fileURLWithPath: "\(repo.path)/.git/llm"))
    let broken = try gitLLM(["hook", "post-merge", "0"], in: repo.path)
    #expect(broken.status == 0)
    #expect(broken.stderr.split(separator: "\n").count == 1, "\(broken)")
  }
}
