import Foundation
import Testing
@testable import GitLLM

@Suite struct IndexerTests {
  func makeRepository() throws -> TestRepository {
    let repo = try TestRepository("indexer")
    try repo.commit("start", files: [
      "README.md": "# Demo\n\nA demo repository.\n",
      "src/app.py": "def main():\n    print('hi')\n",
      "src/util.py": "def helper(x):\n    return x * 2\n",
      "vendor/lib.py": "def vendored():\n    pass\n",
      "image.png": "not really a png\n",
    ])
    return repo
  }

  @Test func firstRunIsFullThenIncrementalTouchesOnlyChanges() throws {
    let repo = try makeRepository()
    let first = try repo.runIndexer()
    #expect(first.mode == .full && first.reason == "first run")
    #expect(first.filesIndexed == 3)
    try expectIndexMatchesHead(repo)
    #expect(try repo.runIndexer().mode == .unchanged)

    try repo.write("src/app.py", "def main():\n    print('hello')\n")
    try repo.write("src/new.py", "def added():\n    pass\n")
    try repo.git("rm", "-q", "src/util.py")
    try repo.commit("change")
    let second = try repo.runIndexer()
    #expect(second.mode == .incremental)
    #expect(second.filesIndexed == 2 && second.filesRemoved == 1)
    try expectIndexMatchesHead(repo)
  }

  @Test func renameWithSameContentMovesRowsAndKeepsChunkIDs() throws {
    let repo = try makeRepository()
    try repo.runIndexer()
    let store = try IndexStore(path: "\(repo.path)/.git/llm/index.sqlite")
    let before = try store.database.query("SELECT id FROM chunks WHERE path = 'src/util.py'").map { $0.int64(0) }
    try repo.git("mv", "src/util.py", "src/helpers.py")
    try repo.commit("rename")
    let report = try repo.runIndexer()
    #expect(report.filesMoved == 1 && report.filesIndexed == 0)
    let after = try store.database.query("SELECT id FROM chunks WHERE path = 'src/helpers.py'").map { $0.int64(0) }
    #expect(after == before && !after.isEmpty)
    let hits = try Searcher(store: store).keywordSearch("helpers", limit: 3)
    #expect(hits.first?.path == "src/helpers.py")
    try expectIndexMatchesHead(repo)
  }

  @Test func binaryLFSAndLargeFilesAreKeptWithoutChunks() throws {
    let repo = try makeRepository()
    try repo.runIndexer()
    try Data([0x64, 0x65, 0x66, 0x00, 0x01]).write(to: URL(fileURLWithPath: repo.scratch("src/app.py")))
    try repo.write("big.md", String(repeating: "word ", count: 400))
    try repo.write("model.py", "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n")
    try repo.commit("odd files")
    let report = try repo.runIndexer(IndexOptions(rules: IncludeRules(maxFileBytes: 1000)))
    #expect(report.mode == .full && report.reason == "include rules changed")
    #expect(report.skipped == ["binary": 1, "too-large": 1, "lfs-pointer": 1])
    let files = try IndexStore(path: "\(repo.path)/.git/llm/index.sqlite").files()
    #expect(files.first { $0.path == "src/app.py" }?.skipped == "binary")
    #expect(files.first { $0.path == "src/app.py" }?.chunkCount == 0)
    try expectIndexMatchesHead(repo, rules: IncludeRules(maxFileBytes: 1000))
  }

  @Test func symbolicLinksAreListedButNotReadAsContent() throws {
    let repo = try makeRepository()
    try repo.runIndexer()
    try FileManager.default.createSymbolicLink(atPath: repo.scratch("link.py"), withDestinationPath: "src/util.py")
    try repo.commit("a link")
    let report = try repo.runIndexer()
    #expect(report.skipped == ["symlink": 1])
    let store = try IndexStore(path: "\(repo.path)/.git/llm/index.sqlite")
    #expect(try store.files().first { $0.path == "link.py" }?.skipped == "symlink")
    #expect(try Searcher(store: store).keywordSearch("util", limit: 10).allSatisfy { $0.path != "link.py" })
    try expectIndexMatchesHead(repo)
    // The link becomes a file: indexed as content from then on.
    try FileManager.default.removeItem(atPath: repo.scratch("link.py"))
    try repo.write("link.py", "def linked_helper():\n    return 42\n")
    try repo.commit("a file now")
    try repo.runIndexer()
    #expect(try store.files().first { $0.path == "link.py" }?.skipped == nil)
    #expect(try Searcher(store: store).keywordSearch("linked_helper", limit: 3).first?.path == "link.py")
    try expectIndexMatchesHead(repo)
  }

  @Test func interruptedRunIsHealedEvenWhenHeadMovesBack() throws {
    let repo = try makeRepository()
    try repo.runIndexer()
    let start = try repo.git("rev-parse", "HEAD")
    try repo.commit("two changes", files: ["src/app.py": "def main():\n    return 1\n", "src/util.py": "def helper():\n    return 2\n"])
    var options = IndexOptions(batchDuration: .zero)
    options.fileLimit = 1
    let partial = try repo.runIndexer(options)
    #expect(!partial.complete && partial.filesIndexed == 1)
    #expect(try repo.indexedCommit() == start)
    // HEAD goes back to the indexed commit: no diff from it, but the unfinished run's paths are rechecked.
    try repo.git("reset", "-q", "--hard", start)
    let healed = try repo.runIndexer()
    #expect(healed.complete && healed.filesIndexed == 1)
    try expectIndexMatchesHead(repo)
    #expect(try IndexStore(path: "\(repo.path)/.git/llm/index.sqlite").targetCommits().isEmpty)
  }

  @Test func missingIndexedCommitFallsBackToFullIndex() throws {
    let repo = try makeRepository()
    try repo.runIndexer()
    try repo.commit("orphan-to-be", files: ["src/app.py": "def main():\n    return 3\n"])
    try repo.runIndexer()
    try repo.git("reset", "-q", "--hard", "HEAD~1")
    try repo.git("reflog", "expire", "--expire=now", "--all")
    try repo.git("gc", "-q", "--prune=now")
    try repo.commit("other", files: ["src/other.py": "def other():\n    pass\n"])
    let report = try repo.runIndexer()
    #expect(report.mode == .full)
    #expect(report.reason?.contains("missing") == true)
    try expectIndexMatchesHead(repo)
  }

  @Test func unbornHeadGivesAnEmptyIndex() throws {
    let repo = try TestRepository("unborn")
    #expect(try repo.runIndexer().mode == .empty)
    #expect(try indexedFiles(repo).isEmpty)
  }
}
