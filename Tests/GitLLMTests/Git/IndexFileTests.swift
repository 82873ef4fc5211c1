import Foundation
import Testing

@testable import GitLLM

/// Hooks run with `GIT_INDEX_FILE` naming the index being committed (a temporary one for
/// `git commit -a` and `git commit PATH`); everything index-related must use it.
@Suite struct IndexFileTests {
  @Test func theIndexNamedByGitIndexFileIsReadAndWritten() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.txt": "a\n", "b.txt": "b\n"])
    let alternate = repo.scratch(".git/next-index")
    try FileManager.default.copyItem(atPath: repo.scratch(".git/index"), toPath: alternate)
    let env: [String: String?] = ["GIT_INDEX_FILE": alternate]
    try repo.write("a.txt", "a changed\n")
    try git("add", "a.txt", in: repo.path, environment: env)

    let repository = try Repository.discover(
      from: repo.path, environment: ["GIT_INDEX_FILE": alternate])
    #expect(try repository.stagedChanges().map(\.path) == ["a.txt"])
    #expect(
      try repository.indexEntries().first?.blob.hex
        == (try git("rev-parse", ":a.txt", in: repo.path, environment: env)))
    #expect(try Repository.discover(from: repo.path, environment: [:]).stagedChanges().isEmpty)

    try repo.write("c.sh", "echo c\n")
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: repo.scratch("c.sh"))
    try repository.add(paths: ["c.sh"])
    try repository.remove(paths: ["b.txt"])
    #expect(
      try git("diff", "--cached", "--name-status", in: repo.path, environment: env)
        == "M\ta.txt\nD\tb.txt\nA\tc.sh")
    let blob = try repo.git("hash-object", "c.sh")
    #expect(
      try git("ls-files", "-s", "c.sh", in: repo.path, environment: env) == "100755 \(blob) 0\tc.sh"
    )
    // Work tree and index agree on everything staged.
    #expect(try git("diff", "--name-only", in: repo.path, environment: env).isEmpty)
    // The repository's own index is untouched.
    #expect(try repo.git("diff", "--cached", "--name-only").isEmpty)
    let error = try #require(throws: GitError.self) { try repository.add(paths: ["nope.txt"]) }
    #expect(error.isNotFound && error.message.contains("nope.txt"))
  }

  @Test func symlinksAreStagedAsLinks() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["target.txt": "t\n"])
    let alternate = repo.scratch(".git/alt-index")
    try FileManager.default.copyItem(atPath: repo.scratch(".git/index"), toPath: alternate)
    try FileManager.default.createSymbolicLink(
      atPath: repo.scratch("link"), withDestinationPath: "target.txt")
    let repository = try Repository(path: repo.path, environment: ["GIT_INDEX_FILE": alternate])
    try repository.add(paths: ["link"])
    let listed = try git(
      "ls-files", "-s", "link", in: repo.path, environment: ["GIT_INDEX_FILE": alternate])
    #expect(listed.hasPrefix("120000 ") && listed.hasSuffix("\tlink"))
    #expect(try repository.indexEntries().first { $0.path == "link" }?.mode == 0o120000)
    #expect(
      try repository.blob(try #require(repository.indexEntries().first { $0.path == "link" }).blob)
        == Data("target.txt".utf8))
  }
}
