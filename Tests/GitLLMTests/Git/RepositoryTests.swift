import Foundation
import Testing

@testable import GitLLM

@Suite struct RepositoryTests {
  @Test func discoversTheWorkTreeFromANestedSubfolder() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["deep/er/still/file.txt": "x\n"])
    let found = try Repository.discover(from: repo.scratch("deep/er/still"))
    #expect(found.workingDirectory == repo.path)
    #expect(found.gitDirectory == repo.path + "/.git")
    #expect(found.commonDirectory == repo.path + "/.git")
    #expect(!found.isBare && !found.isWorktree && !found.isShallow)
  }

  @Test func openingExactlyAcceptsTheWorkTreeOrTheGitDirectory() throws {
    let repo = try TestRepository()
    let sha = try repo.commit("first", files: ["a.txt": "a\n"])
    #expect(try Repository(path: repo.path).resolve("HEAD").hex == sha)
    #expect(try Repository(path: repo.path + "/.git").workingDirectory == repo.path)
  }

  @Test func outsideARepositoryTheErrorSaysSo() throws {
    let scratch = try ScratchDirectory("not-a-repo")
    try scratch.write("sub/file.txt", "x")
    let error = try #require(throws: GitError.self) {
      try Repository.discover(from: scratch("sub"))
    }
    #expect(error.isNotFound)
    #expect(error.message.contains("not a git repository"))
    #expect(error.message.contains(scratch("sub")))
    #expect(throws: GitError.self) { try Repository(path: scratch.path) }
  }

  @Test func aLinkedWorktreeSharesTheMainCommonDirectory() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["src/main.swift": "print(1)\n"])
    let other = try ScratchDirectory("worktree")
    let worktree = other("feature-tree")
    try repo.git("worktree", "add", "-q", "-b", "feature", worktree)
    let found = try Repository.discover(from: worktree + "/src")
    #expect(found.isWorktree)
    #expect(found.workingDirectory == worktree)
    #expect(found.commonDirectory == repo.path + "/.git")
    #expect(found.gitDirectory == repo.path + "/.git/worktrees/feature-tree")
    #expect(try found.head().branchName == "feature")
    #expect(try Repository.discover(from: repo.path).head().branchName == "main")
  }

  @Test(.enabled(if: getuid() == 0, "needs root to hand the checkout to another uid"))
  func aCheckoutOwnedByAnotherUserOpens() throws {
    let repo = try TestRepository()
    let sha = try repo.commit("first", files: ["a.txt": "a\n"])
    // What CI containers do: the checkout belongs to one uid and the job runs as another.
    try Subprocess.run("/bin/chown", ["-R", "65534:65534", repo.path])
    let refused = try Subprocess.run("/usr/bin/git", ["status"], in: repo.path)
    #expect(refused.status != 0 && refused.stderr.contains("dubious ownership"))
    let repository = try Repository.discover(from: repo.path)
    #expect(try repository.resolve("HEAD").hex == sha)
  }

  @Test func aBareRepositoryHasNoWorkTree() throws {
    let source = try TestRepository("source")
    let sha = try source.commit("first", files: ["a.txt": "a\n"])
    let holder = try ScratchDirectory("bare")
    try git("clone", "-q", "--bare", source.path, holder("copy.git"), in: holder.path)
    let bare = try Repository.discover(from: holder("copy.git/refs"))
    #expect(bare.isBare)
    #expect(bare.workingDirectory == nil)
    #expect(bare.gitDirectory == holder("copy.git"))
    #expect(bare.commonDirectory == holder("copy.git"))
    #expect(try bare.head() == .branch(name: "main", commit: try #require(ObjectID(hex: sha))))
    let metadata = try bare.commitMetadata()
    #expect(metadata.root == holder("copy.git") && metadata.repository == "copy.git")
  }

  @Test func aFreshBareRepositoryIsUnborn() throws {
    let bare = try TestRepository("empty-bare", bare: true)
    let repository = try Repository(path: bare.path)
    #expect(repository.isBare)
    #expect(try repository.head() == .unborn(branch: "main"))
  }

  @Test func aShallowCloneLacksTheCutOffParent() throws {
    let source = try TestRepository("source")
    let parent = try source.commit("first", files: ["a.txt": "1\n"])
    let tip = try source.commit("second", files: ["a.txt": "2\n"])
    let holder = try ScratchDirectory("shallow")
    try git(
      "clone", "-q", "--depth", "1", "file://" + source.path, holder("clone"), in: holder.path)
    let clone = try Repository.discover(from: holder("clone"))
    #expect(clone.isShallow)
    let tipID = try #require(ObjectID(hex: tip))
    let parentID = try #require(ObjectID(hex: parent))
    #expect(clone.hasCommit(tipID))
    #expect(try clone.commit(tipID).parents == [parentID])
    #expect(!clone.hasCommit(parentID))
    let error = try #require(throws: GitError.self) { try clone.commit(parentID) }
    #expect(error.isNotFound)
    #expect(try Repository(path: source.path).hasCommit(parentID))
  }

  @Test func commitsAreReadWithTheirParentsAndSignatures() throws {
    let repo = try TestRepository()
    let first = try repo.commit("first\n\nwith a body", files: ["a.txt": "a\n"])
    let second = try repo.commit("second", files: ["a.txt": "b\n"])
    let repository = try Repository.discover(from: repo.path)
    let commit = try repository.commit(try #require(ObjectID(hex: second)))
    #expect(commit.parents == [try #require(ObjectID(hex: first))])
    #expect(commit.summary == "second")
    #expect(commit.tree.hex == (try repo.git("rev-parse", "HEAD^{tree}")))
    #expect(commit.author.name == "Ada Tester" && commit.author.email == "ada@example.com")
    let epoch = try repo.git("log", "-1", "--format=%at")
    #expect(Int(commit.author.time.timeIntervalSince1970) == Int(epoch))
    let root = try repository.commit(try repository.resolve("HEAD~1"))
    #expect(root.parents.isEmpty && root.message == "first\n\nwith a body\n")
    #expect(throws: GitError.self) { try repository.resolve("no-such-branch") }
  }

  @Test func objectIDsParseOnlyFortyHexDigits() throws {
    #expect(ObjectID(hex: "4B825DC642CB6EB9A060E54BF8D69288FBEE4904") == .emptyTree)
    #expect(ObjectID(hex: "4b825dc") == nil)
    #expect(ObjectID(hex: String(repeating: "g", count: 40)) == nil)
    let data = try JSONEncoder().encode([ObjectID.emptyTree])
    #expect(String(decoding: data, as: UTF8.self) == "[\"\(ObjectID.emptyTree.hex)\"]")
    #expect(try JSONDecoder().decode([ObjectID].self, from: data) == [.emptyTree])
  }
}
