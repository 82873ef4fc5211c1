import Foundation
import Testing

@testable import GitLLM

@Suite struct TreeTests {
  /// `git ls-tree -r -z` blob entries as TreeEntry values, in git's order.
  static func cliEntries(_ directory: String, _ revision: String) throws -> [TreeEntry] {
    let output = try Subprocess.run(
      "/usr/bin/git", ["ls-tree", "-r", "-z", revision], in: directory)
    return output.stdout.split(separator: "\0").compactMap { record in
      let parts = record.split(separator: "\t", maxSplits: 1)
      let fields = parts[0].split(separator: " ")
      guard fields[1] == "blob", let blob = ObjectID(hex: String(fields[2])),
        let mode = UInt32(fields[0], radix: 8)
      else { return nil }
      return TreeEntry(path: String(parts[1]), blob: blob, mode: mode)
    }
  }

  @Test func listsEveryBlobRecursivelyInGitsOrder() throws {
    let repo = try TestRepository()
    for path in ["a-b", "a/z.txt", "a.txt", "b/c/d/e.txt", "é.txt", "Z.txt", "tool.sh"] {
      try repo.write(path, "content of \(path)\n")
    }
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: repo.scratch("tool.sh"))
    try FileManager.default.createSymbolicLink(
      atPath: repo.scratch("link"), withDestinationPath: "a.txt")
    let sha = try repo.commit("tree")
    let entries = try Repository.discover(from: repo.path).treeEntries(
      commit: try #require(ObjectID(hex: sha)))
    #expect(entries == (try Self.cliEntries(repo.path, sha)))
    #expect(entries.count == 8)
    #expect(entries.first { $0.path == "tool.sh" }?.isExecutable == true)
    #expect(entries.first { $0.path == "link" }?.isSymlink == true)
    #expect(entries.first { $0.path == "a.txt" }.map { !$0.isExecutable && !$0.isSymlink } == true)
  }

  @Test func blobsAreReadAsRawBytes() throws {
    let repo = try TestRepository()
    let bytes = Data((0..<300).map { UInt8($0 % 256) })
    try bytes.write(to: URL(fileURLWithPath: repo.scratch("data.bin")))
    try repo.write("empty.txt", "")
    try repo.commit("binary")
    let repository = try Repository.discover(from: repo.path)
    let id = try #require(ObjectID(hex: try repo.git("rev-parse", "HEAD:data.bin")))
    #expect(try repository.blob(id) == bytes)
    #expect(try repository.blobSize(id) == 300)
    let empty = try #require(ObjectID(hex: try repo.git("rev-parse", "HEAD:empty.txt")))
    #expect(try repository.blob(empty).isEmpty && repository.blobSize(empty) == 0)
    let tree = try #require(ObjectID(hex: try repo.git("rev-parse", "HEAD^{tree}")))
    #expect(throws: GitError.self) { try repository.blobSize(tree) }
    let missing = try #require(ObjectID(hex: String(repeating: "1", count: 40)))
    let error = try #require(throws: GitError.self) { try repository.blob(missing) }
    #expect(error.isNotFound)
  }

  static let corpus = "/opt/swift-packages/apple/swift-nio.git"

  @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus)))
  func aRealPackageTreeMatchesLsTree() throws {
    let repository = try Repository(path: Self.corpus)
    let head = try repository.resolve("HEAD")
    let clock = ContinuousClock()
    var entries: [TreeEntry] = []
    let elapsed = try clock.measure { entries = try repository.treeEntries(commit: head) }
    #expect(entries == (try Self.cliEntries(Self.corpus, head.hex)))
    #expect(entries.count > 500)
    #expect(elapsed < .seconds(5), "listing \(entries.count) files took \(elapsed)")
  }
}
