import Foundation
import Testing

/// Each linked worktree keeps its own index, since each has its own HEAD.
@Suite struct WorktreeIndexTests {
  struct Status: Decodable {
    struct File: Decodable { var path: String }
    var indexedCommit: String?
    var fresh: Bool
    var files: [File]
  }

  func status(_ directory: String) throws -> Status {
    let result = try gitLLM(["index", "--status", "--json"], in: directory)
    #expect(result.status == 0, "\(result)")
    return try JSONDecoder().decode(Status.self, from: Data(result.stdout.utf8))
  }

  @Test func worktreesOnDifferentBranchesKeepTheirOwnFreshIndex() throws {
    let repo = try TestRepository("wt-index")
    try repo.commit("main", files: ["main_only.py": "def on_main():\n    return 1\n"])
    let scratch = try ScratchDirectory("wt-linked")
    let linked = scratch.path + "/topic"
    try repo.git("worktree", "add", "-q", "-b", "topic", linked)
    try scratch.write("topic/topic_only.py", "def on_topic():\n    return 2\n")
    try git("add", "-A", in: linked)
    try git("commit", "-q", "-m", "topic", in: linked)

    #expect(try gitLLM(["index"], in: repo.path).status == 0)
    #expect(try gitLLM(["index"], in: linked).status == 0)
    let main = try status(repo.path)
    let topic = try status(linked)
    #expect(main.fresh && topic.fresh)
    #expect(main.indexedCommit == (try repo.git("rev-parse", "HEAD")))
    #expect(topic.indexedCommit == (try git("rev-parse", "HEAD", in: linked)))
    #expect(main.files.map(\.path) == ["main_only.py"])
    #expect(topic.files.map(\.path).sorted() == ["main_only.py", "topic_only.py"])
    // Indexing one does not move the other.
    #expect(try gitLLM(["index"], in: linked).status == 0)
    #expect(try status(repo.path).fresh)
    let search = try gitLLM(["search", "on_topic"], in: repo.path)
    #expect(!search.stdout.contains("topic_only.py"))
  }
}
