import Foundation
import Testing

@testable import GitLLM

@Suite struct CommitMetadataTests {
  @Test func describesHeadWithTheOriginURLStripped() throws {
    let repo = try TestRepository("meta-repo")
    let sha = try repo.commit("first", files: ["a.txt": "a\n"])
    try repo.git("remote", "add", "alpha", "https://alpha.example/o/r.git")
    try repo.git("remote", "add", "origin", "https://ada:s3cr3t@git.example.com/team/project.git")
    let metadata = try Repository.discover(from: repo.scratch.path).commitMetadata()
    #expect(metadata.root == repo.path)
    #expect(metadata.repository == URL(fileURLWithPath: repo.path).lastPathComponent)
    #expect(metadata.remote == "https://git.example.com/team/project.git")
    #expect(metadata.branch == "main")
    #expect(metadata.sha == sha)
    #expect(metadata.author == "Ada Tester <ada@example.com>")
    let epoch = try #require(Int(try repo.git("log", "-1", "--format=%at")))
    #expect(metadata.time.map { Int($0.timeIntervalSince1970) } == epoch)
    let json = try JSONEncoder().encode(metadata)
    #expect(!String(decoding: json, as: UTF8.self).contains("s3cr3t"))
    #expect(try JSONDecoder().decode(CommitMetadata.self, from: json) == metadata)
  }

  @Test func withoutOriginTheFirstRemoteIsUsed() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.txt": "a\n"])
    let repository = try Repository.discover(from: repo.path)
    #expect(try repository.commitMetadata().remote == nil)
    try repo.git("remote", "add", "upstream", "https://tok@u.example/r")
    try repo.git("remote", "add", "mirror", "git@m.example:r.git")
    #expect(try repository.commitMetadata().remote == "git@m.example:r.git")
  }
}
