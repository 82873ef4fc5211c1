import Foundation
import Testing

@testable import GitLLM

@Suite struct ConfigTests {
  @Test func repositoryConfigIncludesLocalEntriesWithTheirLevel() throws {
    let repo = try TestRepository()
    try repo.git("config", "llm.model", "gpt-test")
    try repo.git("config", "llm.Sub.MaxTokens", "512")
    try repo.git("config", "--add", "index.ignore", "vendor/")
    try repo.git("config", "--add", "index.ignore", "build/")
    let entries = try Repository.discover(from: repo.path).configEntries()
    let local = Int32(5)  // GIT_CONFIG_LEVEL_LOCAL
    #expect(entries.contains(ConfigEntry(name: "llm.model", value: "gpt-test", level: local)))
    // Section and key are lowercased, the subsection keeps its case.
    #expect(entries.contains(ConfigEntry(name: "llm.Sub.maxtokens", value: "512", level: local)))
    #expect(entries.filter { $0.name == "index.ignore" }.map(\.value) == ["vendor/", "build/"])
    #expect(entries.contains { $0.name == "core.bare" && $0.value == "false" })
  }

  @Test func aWorktreeSeesTheSharedConfig() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.txt": "a\n"])
    try repo.git("config", "llm.provider", "none")
    let other = try ScratchDirectory("config-worktree")
    try repo.git("worktree", "add", "-q", other("wt"))
    let entries = try Repository.discover(from: other("wt")).configEntries()
    #expect(entries.contains { $0.name == "llm.provider" && $0.value == "none" })
  }

  @Test func aGitllmFileIsReadOnItsOwn() throws {
    let scratch = try ScratchDirectory("gitllm")
    try scratch.write(
      ".gitllm",
      """
      # committed settings
      [llm]
      \tprovider = openai
      \tmodel = "gpt 4o"  ; quoted, with a comment
      [index]
      \text = .py,.md
      \tverbose
      [summaries "docs"]
      \tLayout = mirror

      """)
    let entries = try Repository.configEntries(file: scratch(".gitllm"))
    #expect(
      entries.map(\.name) == [
        "llm.provider", "llm.model", "index.ext", "index.verbose", "summaries.docs.layout",
      ])
    #expect(entries.map(\.value) == ["openai", "gpt 4o", ".py,.md", "true", "mirror"])
    #expect(entries.allSatisfy { $0.level == 5 })  // GIT_CONFIG_LEVEL_LOCAL
  }

  @Test func aMissingGitllmFileHasNoEntries() throws {
    let scratch = try ScratchDirectory("gitllm-missing")
    #expect(try Repository.configEntries(file: scratch(".gitllm")).isEmpty)
  }

  @Test func aMalformedGitllmFileNamesTheFileAndLine() throws {
    let scratch = try ScratchDirectory("gitllm-bad")
    try scratch.write(".gitllm", "[llm]\n\tprovider = openai\n[index\n\text = .py\n")
    let error = try #require(throws: GitError.self) {
      try Repository.configEntries(file: scratch(".gitllm"))
    }
    // "failed to parse config file: missing ']' in section header (in /…/.gitllm:3)"
    #expect(error.message.contains(scratch(".gitllm") + ":3"))
    #expect(error.message.contains("section header"))
  }
}
