import Foundation
import Testing

@testable import GitLLM

/// The hook's fast staged diff must agree with `stagedChanges()` (itself checked against git).
@Suite struct StagedTreeTests {
  func expectSame(_ repo: TestRepository, sourceLocation: SourceLocation = #_sourceLocation) throws
  {
    let repository = try repo.open()
    let fast = try repository.stagedChangesFromIndexTree()
    let reference = try repository.stagedChanges()
    #expect(fast == reference, sourceLocation: sourceLocation)
  }

  @Test func agreesOnEditsAdditionsDeletionsAndTypeChanges() throws {
    let repo = try TestRepository()
    try expectSame(repo)  // unborn, nothing staged
    try repo.write("a/b/c.py", "c\n")
    try repo.git("add", "-A")
    try expectSame(repo)  // unborn, files staged
    try repo.commit(
      "base",
      files: ["a/b/d.py": "d\n", "a/e.py": "e\n", "f.py": "f\n", "dir/x.py": "x\n", "t.py": "t\n"])
    try expectSame(repo)  // nothing staged
    try repo.write("a/b/c.py", "c2\n")
    try repo.write("new/deep/g.py", "g\n")
    try repo.git("rm", "-q", "f.py")
    try repo.git("rm", "-q", "-r", "dir")
    try repo.write("dir", "now a file\n")
    try repo.git("rm", "-q", "t.py")
    try FileManager.default.createSymbolicLink(
      atPath: repo.path + "/t.py", withDestinationPath: "a/e.py")
    try repo.git("add", "-A")
    try expectSame(repo)
    try repo.git("update-index", "--chmod=+x", "a/e.py")
    try expectSame(repo)
  }

  @Test func agreesWhenOnlyAddingOrOnlyDeleting() throws {
    let repo = try TestRepository()
    try repo.commit(
      "base",
      files: [
        "a/b/c.py": "c\n", "a/d.py": "d\n", "e.py": "e\n", "gone/x.py": "x\n", "gone/y/z.py": "z\n",
      ])
    try repo.write("a/b/new.py", "n\n")
    try repo.write("fresh/deep/f.py", "f\n")
    try repo.write("a/d.py", "d2\n")
    try repo.git("add", "-A")
    try expectSame(repo)
    #expect(
      try repo.open().stagedChangesFromIndexTree().map(\.path) == [
        "a/b/new.py", "a/d.py", "fresh/deep/f.py",
      ])
    try repo.git("commit", "-q", "-m", "more")
    try repo.git("rm", "-q", "-r", "gone", "e.py")
    try expectSame(repo)
    #expect(
      try repo.open().stagedChangesFromIndexTree().map(\.path) == [
        "e.py", "gone/x.py", "gone/y/z.py",
      ])
  }

  @Test func renamesGoThroughRenameDetection() throws {
    let repo = try TestRepository()
    let body = (1...20).map { "line \($0)\n" }.joined()
    try repo.commit("base", files: ["src/old.py": body, "keep.py": "k\n"])
    try FileManager.default.createDirectory(
      atPath: repo.path + "/lib", withIntermediateDirectories: true)
    try repo.git("mv", "src/old.py", "lib/new.py")
    try expectSame(repo)
    #expect(try repo.open().stagedChangesFromIndexTree().map(\.status) == [.renamed])
  }

  @Test func conflictedIndexesFallBack() throws {
    let repo = try TestRepository()
    try repo.commit("base", files: ["a.py": "0\n"])
    try repo.git("checkout", "-q", "-b", "topic")
    try repo.commit("topic", files: ["a.py": "1\n"])
    try repo.git("checkout", "-q", "main")
    try repo.commit("main", files: ["a.py": "2\n"])
    #expect(
      try Subprocess.run("/usr/bin/git", ["merge", "-q", "topic"], in: repo.path).status != 0)
    try expectSame(repo)
  }
}

@Suite struct IndexSnapshotTests {
  func makeRepository() throws -> TestRepository {
    let repo = try TestRepository()
    try repo.commit(
      "base",
      files: [
        "a.py": "a\n", "dir/b.py": "b\n", "dir/sub/c.py": "c\n", "dir.txt": "d\n",
        "z/long/path/name/e.go": "e\n",
      ])
    return repo
  }

  func expectEntriesMatchGit(
    _ repo: TestRepository, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let snapshot = try #require(IndexSnapshot.load(try repo.open()), sourceLocation: sourceLocation)
    let listed = try repo.git("ls-files", "-s").split(separator: "\n")
    #expect(snapshot.count == listed.count, sourceLocation: sourceLocation)
    for line in listed {
      let fields = line.split(separator: "\t")
      let id = fields[0].split(separator: " ")[1]
      #expect(
        snapshot.blob(at: String(fields[1]))?.hex == String(id), sourceLocation: sourceLocation)
    }
    #expect(snapshot.blob(at: "missing.py") == nil, sourceLocation: sourceLocation)
  }

  @Test func readsVersions2To4AndTheCacheTree() throws {
    let repo = try makeRepository()
    for version in ["2", "3", "4"] {
      try repo.git("update-index", "--index-version", version)
      try expectEntriesMatchGit(repo)
    }
    let snapshot = try #require(IndexSnapshot.load(try repo.open()))
    let root = try #require(snapshot.cacheTree.validID(folder: ""))
    #expect(ObjectID(root).hex == (try repo.git("rev-parse", "HEAD^{tree}")))
    #expect(
      snapshot.cacheTree.validID(folder: "dir/sub").map { ObjectID($0).hex }
        == (try repo.git("rev-parse", "HEAD:dir/sub")))
    // Staging a file invalidates its folders' cache-tree entries, and only those.
    try repo.write("dir/sub/c.py", "c2\n")
    try repo.git("add", "dir/sub/c.py")
    let after = try #require(IndexSnapshot.load(try repo.open()))
    #expect(
      after.cacheTree.validID(folder: "") == nil && after.cacheTree.validID(folder: "dir") == nil)
    #expect(
      after.cacheTree.validID(folder: "dir/sub") == nil
        && after.cacheTree.validID(folder: "dir/nope") == nil)
    #expect(
      after.cacheTree.validID(folder: "z/long/path/name").map { ObjectID($0).hex }
        == (try repo.git("rev-parse", "HEAD:z/long/path/name")))
    #expect(
      after.cacheTree.validID(folder: "z/long").map { ObjectID($0).hex }
        == (try repo.git("rev-parse", "HEAD:z/long")))
    #expect(try repo.open().stagedChangesFromIndexTree() == (try repo.open().stagedChanges()))
  }

  @Test func splitIndexesAndConflictsAreLeftToLibgit2() throws {
    let repo = try makeRepository()
    try repo.git("update-index", "--split-index")
    #expect(IndexSnapshot.load(try repo.open()) == nil)
    try repo.git("update-index", "--no-split-index")
    #expect(IndexSnapshot.load(try repo.open()) != nil)
    try repo.write("new.py", "n\n")
    try repo.git("add", "-N", "new.py")
    #expect(IndexSnapshot.load(try repo.open()) == nil)  // intent-to-add
  }

  @Test func honoursGitIndexFile() throws {
    let repo = try makeRepository()
    try repo.write("dir/b.py", "b2\n")
    let other = repo.path + "/.git/other-index"
    try FileManager.default.copyItem(atPath: repo.path + "/.git/index", toPath: other)
    try Subprocess.run(
      "/usr/bin/git", ["add", "dir/b.py"], in: repo.path, environment: ["GIT_INDEX_FILE": other])
    let repository = try Repository(path: repo.path, environment: ["GIT_INDEX_FILE": other])
    #expect(try repository.stagedChangesFromIndexTree().map(\.path) == ["dir/b.py"])
    #expect(try repo.open().stagedChangesFromIndexTree().isEmpty)
  }
}
