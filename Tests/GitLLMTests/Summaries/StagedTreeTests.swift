import Foundation
import Testing
@testable import GitLLM

/// The hook's fast staged diff must agree with `stagedChanges()` (itself checked against git).
@Suite struct StagedTreeTests {
  func expectSame(_ repo: TestRepository, sourceLocation: SourceLocation = #_sourceLocation) throws {
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
    try repo.commit("base", files: ["a/b/d.py": "d\n", "a/e.py": "e\n", "f.py": "f\n", "dir/x.py": "x\n", "t.py": "t\n"])
    try expectSame(repo)  // nothing staged
    try repo.write("a/b/c.py", "c2\n")
    try repo.write("new/deep/g.py", "g\n")
    try repo.git("rm", "-q", "f.py")
    try repo.git("rm", "-q", "-r", "dir")
    try repo.write("dir", "now a file\n")
    try repo.git("rm", "-q", "t.py")
    try FileManager.default.createSymbolicLink(atPath: repo.path + "/t.py", withDestinationPath: "a/e.py")
    try repo.git("add", "-A")
    try expectSame(repo)
    try repo.git("update-index", "--chmod=+x", "a/e.py")
    try expectSame(repo)
  }

  @Test func renamesGoThroughRenameDetection() throws {
    let repo = try TestRepository()
    let body = (1...20).map { "line \($0)\n" }.joined()
    try repo.commit("base", files: ["src/old.py": body, "keep.py": "k\n"])
    try FileManager.default.createDirectory(atPath: repo.path + "/lib", withIntermediateDirectories: true)
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
    #expect(try Subprocess.run("/usr/bin/git", ["merge", "-q", "topic"], in: repo.path).status != 0)
    try expectSame(repo)
  }
}
