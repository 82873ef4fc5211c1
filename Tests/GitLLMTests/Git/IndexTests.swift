import Foundation
import Testing

@testable import GitLLM

@Suite struct IndexTests {
  @Test func aPartiallyStagedFileListsTheStagedBlob() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["f.txt": "one\n", "dir/g.txt": "g\n"])
    try repo.write("f.txt", "two\n")
    try repo.git("add", "f.txt")
    try repo.write("f.txt", "three, not staged\n")
    let repository = try Repository.discover(from: repo.path)
    let entries = try repository.indexEntries()
    #expect(entries.map(\.path) == ["dir/g.txt", "f.txt"])
    let staged = try repo.git("rev-parse", ":f.txt")
    #expect(entries[1].blob.hex == staged)
    #expect(entries[1].blob.hex != (try repo.git("hash-object", "f.txt")))
    #expect(entries[1].fileSize == 4 && entries[1].mode == 0o100644)
    #expect(try repository.blob(entries[1].blob) == Data("two\n".utf8))
    let changes = try repository.stagedChanges()
    #expect(changes.count == 1)
    #expect(changes.first?.oldBlob?.hex == (try repo.git("rev-parse", "HEAD:f.txt")))
    #expect(changes.first?.newBlob?.hex == staged)
  }

  @Test func anOpenRepositorySeesIndexChangesMadeByGit() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.txt": "a\n"])
    let repository = try Repository.discover(from: repo.path)
    #expect(try repository.indexEntries().count == 1)
    try repo.write("b.txt", "b\n")
    try repo.git("add", "b.txt")
    #expect(try repository.indexEntries().map(\.path) == ["a.txt", "b.txt"])
    #expect(try repository.stagedChanges().map(\.path) == ["b.txt"])
  }

  @Test func addAndRemoveStageLikeGit() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.txt": "a\n", "b.txt": "b\n", "keep.txt": "k\n"])
    try repo.write("a.txt", "a changed\n")
    try repo.write("docs/c.md", "new\n")
    try repo.write("keep.txt", "changed but not added\n")
    let repository = try Repository.discover(from: repo.path)
    try repository.add(paths: ["docs/c.md", "a.txt"])
    try repository.remove(paths: ["b.txt"])
    #expect(try repo.git("diff", "--cached", "--name-only") == "a.txt\nb.txt\ndocs/c.md")
    #expect(try repo.git("diff", "--cached", "--name-status", "--", "b.txt") == "D\tb.txt")
    #expect(repo.scratch.exists("b.txt"))
    #expect(try repo.git("status", "--porcelain", "--", "keep.txt") == "M keep.txt")
  }

  @Test func addingAMissingFileFailsWithLibgit2sMessage() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.txt": "a\n"])
    let repository = try Repository.discover(from: repo.path)
    let error = try #require(throws: GitError.self) { try repository.add(paths: ["nope.txt"]) }
    #expect(error.function == "git_index_add_bypath")
    #expect(error.message.contains("nope.txt"))
    #expect(try repo.git("diff", "--cached", "--name-only").isEmpty)
  }
}
