import Foundation
import Testing

@testable import GitLLM

@Suite struct LoggedChatProviderTests {
  @Test func everyCallBecomesRequestAndResponseRecordsWithCommitMetadata() async throws {
    let repo = try TestRepository("logged")
    let sha = try repo.commit("first", files: ["a.txt": "a"])
    try repo.git(
      "remote", "add", "origin",
      "https://bob:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r.git")
    let server = try LoopbackHTTPServer(replies: [
      .json(LLMFixtures.openAIJSON),
      .json(#"{"error":{"message":"The server had an error"}}"#, status: 500),
    ])
    let repository = try Repository.discover(from: repo.path)
    let settings = try Settings.load(
      repository: repository, environment: [:],
      flags: [
        "llm.provider": "openai", "llm.baseURL": server.url("/v1"),
        "llm.apiKey": "test-key-openai-0123456789", "llm.maxRetries": "1",
      ])
    let traffic = TrafficLogger(
      settings: settings, repository: repository,
      context: CallContext(namespace: "hooks", command: "hook pre-commit"),
      environment: ["GITHUB_RUN_ID": "99", "GITHUB_REPOSITORY": "o/r"])
    let base = try ChatProviders.makeUnlogged(settings: settings, http: CurlHTTPClient())
    var logger = traffic
    logger.defaultModel = "gpt-4o-mini"
    let provider = LoggedChatProvider(base: base, logger: logger)
    let answer = try await provider.complete(ChatRequest(model: "", messages: [.user("hello")]))
    #expect(answer.content == "SQL: SELECT 1;")
    await #expect(throws: LLMError.self) {
      try await provider.complete(ChatRequest(model: "", messages: [.user("again")]))
    }
    TrafficWriters.syncAll()

    let directory = try #require(TrafficLog.directory(settings: settings))
    #expect(directory.path == repo.path + "/.git/llm/history")
    let records = directory.files().flatMap {
      TrafficReader.records(path: directory.path + "/" + $0)
    }
    #expect(records.map(\.kind) == [.request, .response, .request, .error])
    #expect(records.allSatisfy { $0.namespace == "hooks" && $0.model.hasPrefix("gpt-4o-mini") })
    #expect(records[1].requestID == records[0].id && records[3].requestID == records[2].id)
    #expect(records[0].messages == [.user("hello")])
    #expect(records[1].usage?.totalTokens == 17)
    #expect(abs((records[1].costUSD ?? 0) - (12 * 0.15 + 5 * 0.6) / 1_000_000) < 1e-12)
    #expect(records[1].templates == ["SQL"])
    #expect(records[1].latencyMS != nil && records[3].latencyMS != nil)
    #expect(records[3].error?.contains("The server had an error") == true)
    let commit = records[0].commit
    #expect(commit.sha == sha && commit.branch == "main" && commit.command == "hook pre-commit")
    #expect(commit.author == "Ada Tester <ada@example.com>")
    #expect(commit.remote == "https://github.com/o/r.git")
    #expect(
      commit.ci
        == CIContext(
          provider: "github-actions", runID: "99", url: "https://github.com/o/r/actions/runs/99"))
  }
}
