import Foundation
import Testing

@testable import GitLLM

/// summarize and ask through the built binary against a loopback OpenAI-compatible server, with
/// the traffic log written for real.
@Suite struct MemoryModelTests {
  static func reply(_ content: String) -> LoopbackHTTPServer.Reply {
    let body: [String: Any] = [
      "id": "c1", "object": "chat.completion", "model": "gpt-4o-mini",
      "choices": [
        [
          "index": 0, "message": ["role": "assistant", "content": content], "finish_reason": "stop",
        ]
      ],
      "usage": ["prompt_tokens": 40, "completion_tokens": 8, "total_tokens": 48],
    ]
    let data = try! JSONSerialization.data(withJSONObject: body)
    return .json(String(decoding: data, as: UTF8.self))
  }

  /// The text of the last message of a recorded chat request.
  static func prompt(_ request: LoopbackHTTPServer.RecordedRequest) -> String {
    let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]
    let messages = body?["messages"] as? [[String: Any]]
    return messages?.last?["content"] as? String ?? ""
  }

  func records(_ repo: TestRepository) throws -> [[String: Any]] {
    let folder = repo.path + "/.git/llm/history"
    return try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      $0.hasSuffix(".jsonl")
    }
    .flatMap {
      try String(contentsOfFile: "\(folder)/\($0)", encoding: .utf8).split(separator: "\n")
    }
    .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
  }

  @Test func askAndSummarizeUseTheModelAndTheTrafficLog() throws {
    let server = try LoopbackHTTPServer { request in
      let prompt = Self.prompt(request)
      if prompt.hasPrefix("Summarise") { return Self.reply("Summary: okapi, pangolin, Swift 6.3.") }
      return Self.reply(
        prompt.contains("the pangolin") ? "You said the pangolin [1]." : "I do not know.")
    }
    let repo = try TestRepository("memory-model")
    let sha = try repo.commit("initial", files: ["README.md": "demo\n"])
    let env: [String: String?] = [
      "LLM_PROVIDER": "openai", "LLM_BASE_URL": server.url("/v1"),
      "OPENAI_API_KEY": "sk-test-0123456789abcdef",
      "LLM_MODEL": "gpt-4o-mini",
    ]
    func run(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
      try gitLLM(arguments, in: repo.path, environment: env, input: input)
    }
    let said = [
      ("user", "Tell me about okapis."), ("assistant", "Okapis live in the Congo."),
      ("user", "Say a random animal."), ("assistant", "A random animal: the pangolin."),
      ("user", "We build with Swift 6.3."), ("assistant", "Noted."),
    ]
    for (role, text) in said {
      let result = try run(["memory", "add", "--namespace", "debugger", "--role", role, text])
      #expect(result.status == 0, "\(result)")
    }

    var result = try run([
      "memory", "ask", "--namespace", "debugger", "What random animal have you said?", "-k", "3",
      "--json",
    ])
    #expect(result.status == 0, "\(result)")
    let answer = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(answer["answer"] as? String == "You said the pangolin [1].")
    let sources = (answer["sources"] as? [[String: Any]])?.compactMap {
      ($0["message"] as? [String: Any])?["text"] as? String
    }
    #expect(sources?.contains("A random animal: the pangolin.") == true)
    let asked = Self.prompt(try #require(server.requests.last))
    #expect(asked.contains("assistant: A random animal: the pangolin."))
    #expect(asked.hasSuffix("Question: What random animal have you said?"))

    result = try run([
      "memory", "ask", "--namespace", "debugger", "What random animal have you said?",
    ])
    #expect(
      result.stdout.contains("You said the pangolin [1].\n\nMessages used:\n[1] #"), "\(result)")

    result = try run(["memory", "summarize", "--namespace", "debugger", "-n", "4"])
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout == "Summary: okapi, pangolin, Swift 6.3.\n")
    let summarised = Self.prompt(try #require(server.requests.last))
    #expect(summarised.contains("user: Say a random animal.") && !summarised.contains("okapis."))
    let listed = try run(["memory", "list", "--namespace", "debugger", "-n", "1"])
    #expect(listed.stdout.contains("system [summary]: Summary: okapi, pangolin, Swift 6.3."))

    // The traffic log: one `message` record per message (the summary too), the model calls with
    // the command and the commit.
    let log = try records(repo)
    let messages = log.filter { $0["kind"] as? String == "message" }
    #expect(messages.count == said.count + 1)
    #expect(messages.allSatisfy { $0["namespace"] as? String == "debugger" })
    let commit = messages.first?["commit"] as? [String: Any]
    #expect(commit?["sha"] as? String == sha && commit?["command"] as? String == "memory add")
    let requests = log.filter { $0["kind"] as? String == "request" }
    #expect(
      requests.compactMap { ($0["commit"] as? [String: Any])?["command"] as? String }
        == ["memory ask", "memory ask", "memory summarize"])

    // log search finds the question in the history; clear leaves the history files as they were.
    let store = try MemoryStore(path: repo.path + "/.git/llm/memory.sqlite")
    let hits = try HistorySearch(store: store, directory: repo.path + "/.git/llm/history").search(
      "random animal said", kind: "request")
    #expect(hits.count == 2 && hits.allSatisfy { $0.command == "memory ask" })
    let folder = repo.path + "/.git/llm/history"
    let before = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
      .map { try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\($0)")) }
    result = try run(["memory", "clear", "--namespace", "debugger"])
    #expect(result.stdout.contains("cleared 7 messages"), "\(result)")
    #expect(try run(["memory", "list", "--namespace", "debugger"]).stdout.isEmpty)
    let after = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
      .map { try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\($0)")) }
    #expect(after == before)
  }

  @Test func askRetrievesByEmbeddingsWhenConfigured() throws {
    let server = try LoopbackHTTPServer { request in
      let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]
      if request.path == "/v1/embeddings" {
        let inputs = body?["input"] as? [String] ?? []
        let data = inputs.enumerated().map { index, text in
          ["object": "embedding", "index": index, "embedding": ConceptEmbedder.vector(text)]
            as [String: Any]
        }
        let json = try! JSONSerialization.data(withJSONObject: ["object": "list", "data": data])
        return .json(String(decoding: json, as: UTF8.self))
      }
      return Self.reply(Self.prompt(request).contains("pangolin") ? "The pangolin." : "Unknown.")
    }
    let repo = try TestRepository("memory-embeddings")
    try repo.commit("initial")
    try repo.git("config", "embeddings.model", "concepts-1")
    let env: [String: String?] = [
      "LLM_PROVIDER": "openai", "LLM_BASE_URL": server.url("/v1"),
      "OPENAI_API_KEY": "sk-test-0123456789abcdef",
    ]
    for text in ["Hi there.", "A random animal: the pangolin.", "We compile with Swift on Linux."] {
      #expect(try gitLLM(["memory", "add", text], in: repo.path, environment: env).status == 0)
    }
    let result = try gitLLM(
      ["memory", "ask", "Which creature came up?", "-k", "1", "--json"], in: repo.path,
      environment: env)
    #expect(result.status == 0, "\(result)")
    let answer = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(answer?["answer"] as? String == "The pangolin.")
    let embedded = server.requests.filter { $0.path == "/v1/embeddings" }
      .map {
        (try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any])?["input"] as? [String]
      }
    #expect(embedded.map { $0?.count } == [3, 1])
  }

  @Test func askWithoutAProviderIsAUsageError() throws {
    let repo = try TestRepository("memory-noprovider")
    try repo.commit("initial")
    let result = try gitLLM(["memory", "ask", "anything"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderr.contains("no chat provider configured"))
  }
}
