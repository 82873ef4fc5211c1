import Foundation
import Testing

@testable import GitLLM

@Suite struct HeadTests {
  @Test func onABranchHeadNamesItAndItsCommit() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.txt": "a\n"])
    try repo.git("checkout", "-q", "-b", "feature/login")
    let sha = try repo.commit("second", files: ["b.txt": "b\n"])
    let head = try Repository.discover(from: repo.path).head()
    #expect(head == .branch(name: "feature/login", commit: try #require(ObjectID(hex: sha))))
    #expect(head.branchName == "feature/login")
  }

  @Test func aDetachedHeadHasACommitButNoBranch() throws {
    let repo = try TestRepository()
    let first = try repo.commit("first", files: ["a.txt": "a\n"])
    try repo.commit("second", files: ["a.txt": "b\n"])
    try repo.git("checkout", "-q", "--detach", "HEAD~1")
    let repository = try Repository.discover(from: repo.path)
    let head = try repository.head()
    #expect(head == .detached(commit: try #require(ObjectID(hex: first))))
    #expect(head.branchName == nil)
    let metadata = try repository.commitMetadata()
    #expect(metadata.branch == nil && metadata.sha == first)
  }

  @Test func anUnbornRepositoryStagesEverythingAsAdded() throws {
    let repo = try TestRepository()
    try repo.write("a.txt", "a\n")
    try repo.write("dir/b.txt", "b\n")
    try repo.git("add", "-A")
    try repo.git("config", "user.name", "Una Born")
    try repo.git("config", "user.email", "una@example.com")
    let repository = try Repository.discover(from: repo.path)
    #expect(try repository.head() == .unborn(branch: "main"))
    #expect(try repository.head().commit == nil)
    let staged = try repository.stagedChanges()
    #expect(staged.map(\.status) == [.added, .added])
    #expect(staged.map(\.path) == ["a.txt", "dir/b.txt"])
    #expect(staged.allSatisfy { $0.oldPath == nil && $0.oldBlob == nil })
    #expect(staged[1].newBlob?.hex == (try repo.git("rev-parse", ":dir/b.txt")))
    let metadata = try repository.commitMetadata()
    #expect(metadata.sha == nil && metadata.time == nil)
    #expect(metadata.branch == "main")
    #expect(metadata.author == "Una Born <una@example.com>")
    #expect(throws: GitError.self) { try repository.resolve("HEAD") }
  }

  @Test func anUnbornBranchOtherThanMainIsNamed() throws {
    let repo = try TestRepository()
    try repo.git("symbolic-ref", "HEAD", "refs/heads/trunk")
    #expect(try Repository.discover(from: repo.path).head() == .unborn(branch: "trunk"))
  }
}
