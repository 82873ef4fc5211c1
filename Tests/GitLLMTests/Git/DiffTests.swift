import Foundation
import Testing

@testable import GitLLM

@Suite struct DiffTests {
  /// `git diff --name-status` lines, without the similarity digits (git and libgit2 score
  /// inexact renames with different algorithms).
  static func nameStatus(_ changes: [FileChange]) -> [String] {
    changes.map { change in
      switch change.status {
      case .added: "A\t\(change.path)"
      case .deleted: "D\t\(change.path)"
      case .modified: "M\t\(change.path)"
      case .typeChanged: "T\t\(change.path)"
      case .renamed: "R\t\(change.oldPath ?? "?")\t\(change.newPath ?? "?")"
      case .copied: "C\t\(change.oldPath ?? "?")\t\(change.newPath ?? "?")"
      }
    }.sorted()
  }

  static func cliNameStatus(_ repo: TestRepository, _ arguments: String...) throws -> [String] {
    let output = try Subprocess.run(
      "/usr/bin/git", ["diff", "--name-status", "-M"] + arguments, in: repo.path)
    return output.stdout.split(separator: "\n").map { line in
      var fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      fields[0] = String(fields[0].prefix(1))
      return fields.joined(separator: "\t")
    }.sorted()
  }

  static let paragraph =
    (1...40).map { "line \($0) of a file long enough to be renamed" }
    .joined(separator: "\n") + "\n"

  @Test func matchesGitDiffNameStatusWithRenamesBinariesModesAndTypeChanges() throws {
    let repo = try TestRepository()
    try repo.write("gone.txt", "bye\n")
    try repo.write("old/name.txt", Self.paragraph)
    try repo.write("exact.txt", Self.paragraph + "exact\n")
    try repo.write("dir/edit.txt", "one\n")
    try repo.write("run.sh", "echo hi\n")
    try repo.write("kind", "a file, later a symlink\n")
    try Data([0, 1, 2, 255, 0, 9]).write(to: URL(fileURLWithPath: repo.scratch("image.bin")))
    let before = try repo.commit("before")
    try FileManager.default.removeItem(atPath: repo.scratch("gone.txt"))
    try FileManager.default.removeItem(atPath: repo.scratch("old/name.txt"))
    try repo.write("new/place.txt", Self.paragraph + "one more line\n")
    try FileManager.default.moveItem(
      atPath: repo.scratch("exact.txt"), toPath: repo.scratch("moved.txt"))
    try repo.write("dir/edit.txt", "two\n")
    try repo.write("added.txt", "new\n")
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: repo.scratch("run.sh"))
    try FileManager.default.removeItem(atPath: repo.scratch("kind"))
    try FileManager.default.createSymbolicLink(
      atPath: repo.scratch("kind"), withDestinationPath: "run.sh")
    try Data([0, 1, 2, 254, 0, 9, 7]).write(to: URL(fileURLWithPath: repo.scratch("image.bin")))
    let after = try repo.commit("after")

    let repository = try Repository.discover(from: repo.path)
    let changes = try repository.diff(
      from: ObjectID(hex: before), to: try #require(ObjectID(hex: after)))
    #expect(Self.nameStatus(changes) == (try Self.cliNameStatus(repo, before, after)))
    #expect(Self.nameStatus(changes).count == 8)

    let exact = try #require(changes.first { $0.newPath == "moved.txt" })
    #expect(exact.status == .renamed && exact.oldPath == "exact.txt" && exact.similarity == 100)
    #expect(exact.oldBlob?.hex == (try repo.git("rev-parse", "\(before):exact.txt")))
    #expect(exact.newBlob == exact.oldBlob)
    let edited = try #require(changes.first { $0.newPath == "new/place.txt" })
    #expect(edited.status == .renamed && edited.oldPath == "old/name.txt")
    #expect(edited.newBlob?.hex == (try repo.git("rev-parse", "\(after):new/place.txt")))
    #expect((edited.similarity ?? 0) >= 50 && (edited.similarity ?? 100) < 100)
    let deleted = try #require(changes.first { $0.path == "gone.txt" })
    #expect(deleted.status == .deleted && deleted.newPath == nil && deleted.newBlob == nil)
    #expect(deleted.oldBlob?.hex == (try repo.git("rev-parse", "\(before):gone.txt")))
    let mode = try #require(changes.first { $0.path == "run.sh" })
    #expect(mode.status == .modified && mode.oldBlob == mode.newBlob)
    #expect(changes.first { $0.path == "kind" }?.status == .typeChanged)
    #expect(changes.first { $0.path == "image.bin" }?.status == .modified)

    let plain = try repository.diff(
      from: ObjectID(hex: before), to: try #require(ObjectID(hex: after)), detectRenames: false)
    #expect(!plain.contains { $0.status == .renamed })
    #expect(plain.contains { $0.status == .deleted && $0.path == "exact.txt" })
  }

  @Test func fromNilListsEveryFileAsAdded() throws {
    let repo = try TestRepository()
    let sha = try repo.commit("first", files: ["a.txt": "a\n", "b/c.txt": "c\n"])
    let changes = try Repository.discover(from: repo.path).diff(
      from: nil, to: try #require(ObjectID(hex: sha)))
    #expect(changes.map(\.path) == ["a.txt", "b/c.txt"])
    #expect(changes.allSatisfy { $0.status == .added && $0.oldPath == nil && $0.newBlob != nil })
    let empty = try Repository.discover(from: repo.path).diff(
      from: .emptyTree, to: try #require(ObjectID(hex: sha)))
    #expect(empty == changes)
  }

  @Test func mergesAndFastForwardsDiffLikeGit() throws {
    let repo = try TestRepository()
    try repo.commit("base", files: ["shared.txt": "base\n", "keep.txt": Self.paragraph])
    try repo.git("checkout", "-q", "-b", "topic")
    try repo.commit("topic work", files: ["topic.txt": "topic\n"])
    try repo.git("mv", "keep.txt", "kept.txt")
    try repo.git("commit", "-q", "-m", "rename on topic")
    try repo.git("checkout", "-q", "main")
    let mainTip = try repo.commit("main work", files: ["main.txt": "main\n"])
    try repo.git("merge", "-q", "--no-ff", "-m", "merge topic", "topic")
    let merge = try repo.git("rev-parse", "HEAD")
    let repository = try Repository.discover(from: repo.path)
    let commit = try repository.commit(try #require(ObjectID(hex: merge)))
    #expect(commit.parents.map(\.hex) == [mainTip, try repo.git("rev-parse", "topic")])
    let merged = try repository.diff(from: commit.parents.first, to: commit.id)
    #expect(Self.nameStatus(merged) == (try Self.cliNameStatus(repo, mainTip, merge)))
    #expect(
      merged.contains {
        $0.status == .renamed && $0.oldPath == "keep.txt" && $0.newPath == "kept.txt"
      })

    try repo.git("checkout", "-q", "-b", "later")
    let later = try repo.commit("later", files: ["later.txt": "later\n"])
    try repo.git("checkout", "-q", "main")
    try repo.git("merge", "-q", "--ff-only", "later")
    #expect(
      try repository.head() == .branch(name: "main", commit: try #require(ObjectID(hex: later))))
    let forward = try repository.diff(from: commit.id, to: try repository.resolve("main"))
    #expect(Self.nameStatus(forward) == ["A\tlater.txt"])
  }

  @Test func submodulesAreLeftOutOfTreesDiffsAndTheIndex() throws {
    let repo = try TestRepository()
    let first = try repo.commit("first", files: ["a.txt": "a\n"])
    try repo.git("update-index", "--add", "--cacheinfo", "160000,\(first),vendor/lib")
    try repo.write("b.txt", "b\n")
    try repo.git("add", "b.txt")
    let repository = try Repository.discover(from: repo.path)
    #expect(try repository.stagedChanges().map(\.path) == ["b.txt"])
    #expect(try repository.indexEntries().map(\.path) == ["a.txt", "b.txt"])
    try repo.git("commit", "-q", "-m", "with a gitlink")
    let tip = try repository.resolve("HEAD")
    #expect(try repo.git("ls-tree", "-r", "HEAD").contains("160000 commit"))
    #expect(try repository.treeEntries(commit: tip).map(\.path) == ["a.txt", "b.txt"])
    #expect(try repository.diff(from: ObjectID(hex: first), to: tip).map(\.path) == ["b.txt"])
  }

  @Test func stagedChangesCompareTheIndexWithHead() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.txt": Self.paragraph, "b.txt": "b\n", "c.txt": "c\n"])
    try repo.git("mv", "a.txt", "renamed.txt")
    try repo.git("rm", "-q", "b.txt")
    try repo.write("c.txt", "c changed\n")
    try repo.write("unstaged.txt", "not added\n")
    try repo.git("add", "c.txt")
    let staged = try Repository.discover(from: repo.path).stagedChanges()
    #expect(Self.nameStatus(staged) == (try Self.cliNameStatus(repo, "--cached")))
    #expect(Self.nameStatus(staged) == ["D\tb.txt", "M\tc.txt", "R\ta.txt\trenamed.txt"])
    let renamed = try #require(staged.first { $0.status == .renamed })
    #expect(
      renamed.oldPath == "a.txt" && renamed.newPath == "renamed.txt" && renamed.similarity == 100)
    #expect(
      staged.first { $0.path == "c.txt" }?.newBlob?.hex == (try repo.git("rev-parse", ":c.txt")))
  }
}
