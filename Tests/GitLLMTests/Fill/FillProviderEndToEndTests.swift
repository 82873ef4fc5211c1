import Foundation
import Testing
@testable import GitLLM

/// `git-llm fill` against a loopback OpenAI-compatible server: the configured provider path, with
/// every call in the traffic log.
@Suite struct FillProviderEndToEndTests {
  static func completion(_ content: String) -> String {
    let body: [String: Any] = [
      "id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini",
      "choices": [["index": 0, "message": ["role": "assistant", "content": content], "finish_reason": "stop"]],
      "usage": ["prompt_tokens": 120, "completion_tokens": 40, "total_tokens": 160],
    ]
    return String(decoding: try! JSONSerialization.data(withJSONObject: body), as: UTF8.self)
  }

  @Test func wrongThenRightFillsTheStubWithTheFailureFedBack() throws {
    let server = try LoopbackHTTPServer(replies: [
      .json(Self.completion(FillFixture.wrong)), .json(Self.completion(FillFixture.right)),
    ])
    let repo = try FillFixture.repository()
    let history = try ScratchDirectory("fill-history")
    let result = try gitLLM(
      ["fill", "--json", "--test-command", "python3 -m unittest {test}"], in: repo.path,
      environment: [
        "LLM_PROVIDER": "openai", "LLM_BASE_URL": server.url("/v1"), "OPENAI_API_KEY": "sk-test-fill-0123456789",
        "MESSAGE_HISTORY": history.path,
      ])
    #expect(result.status == 0, "\(result)")
    let requests = server.requests
    #expect(requests.count == 2)
    #expect(requests.allSatisfy { $0.path == "/v1/chat/completions" })
    #expect(requests.first?.headers.first { $0.name.lowercased() == "authorization" }?.value == "Bearer sk-test-fill-0123456789")
    let second = String(decoding: requests.last?.body ?? Data(), as: UTF8.self)
    #expect(second.contains("AssertionError"))
    #expect(second.contains("16 != 17"))
    #expect(try repo.read("primes.py").contains("candidate += 1"))
    #expect(!(try repo.read("primes.py")).contains("llm-stub:"))
    // Every model call is in the traffic log under namespace `fill`, the key nowhere.
    let files = try FileManager.default.contentsOfDirectory(atPath: history.path).filter { $0.hasSuffix(".jsonl") }
    #expect(files.contains { $0.hasPrefix("fill") })
    let log = try files.map { try String(contentsOfFile: history.path + "/" + $0, encoding: .utf8) }.joined()
    let records = log.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    #expect(records.filter { $0["kind"] as? String == "response" }.count == 2)
    #expect(records.allSatisfy { ($0["commit"] as? [String: Any])?["command"] as? String == "fill" })
    #expect(!log.contains("sk-test-fill-0123456789"))
  }

  /// The costs of each attempt in a `--json` report.
  static func attemptCosts(_ stdout: String) throws -> [Double?] {
    let report = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
    let stubs = report?["stubs"] as? [[String: Any]] ?? []
    return stubs.flatMap { ($0["attempts"] as? [[String: Any]] ?? []).map { $0["costUSD"] as? Double } }
  }

  @Test func recordedWithAProviderReplaysWithNone() throws {
    let server = try LoopbackHTTPServer(replies: [
      .json(Self.completion(FillFixture.wrong)), .json(Self.completion(FillFixture.right)),
    ])
    let repo = try FillFixture.repository()
    let cassette = try ScratchDirectory("cassette")
    let arguments = ["fill", "--json", "--test-command", "python3 -m unittest {test}"]
    let recorded = try gitLLM(
      arguments + ["--record", cassette.path], in: repo.path,
      environment: ["LLM_PROVIDER": "openai", "LLM_BASE_URL": server.url("/v1"), "OPENAI_API_KEY": "sk-record"])
    #expect(recorded.status == 0, "\(recorded)")
    #expect(server.requests.count == 2)
    let sent = try JSONSerialization.jsonObject(with: server.requests[0].body) as? [String: Any]
    #expect(sent?["model"] as? String == "gpt-4o-mini")  // the provider's derived default
    let filled = try repo.read("primes.py")
    try repo.git("checkout", "--", "primes.py")

    // A fork's pull request: no provider settings at all, so the request names model "default".
    let replayed = try gitLLM(arguments + ["--replay", cassette.path], in: repo.path)
    #expect(replayed.status == 0, "\(replayed)")
    #expect(server.requests.count == 2)
    #expect(try repo.read("primes.py") == filled)
    let costs = try Self.attemptCosts(replayed.stdout)
    #expect(costs.count == 2)
    #expect(costs.allSatisfy { ($0 ?? 0) > 0 })  // priced as the recorded model, gpt-4o-mini
    #expect(costs == (try Self.attemptCosts(recorded.stdout)))
  }

  @Test func providerDownRestoresTheStubAndFails() throws {
    let server = try LoopbackHTTPServer { _ in .status(503, body: "{\"error\":{\"message\":\"overloaded\"}}") }
    let repo = try FillFixture.repository()
    try repo.git("config", "llm.maxRetries", "2")
    try repo.git("config", "llm.timeout", "2")
    let result = try gitLLM(
      ["fill", "--test-command", "python3 -m unittest {test}"], in: repo.path,
      environment: ["LLM_PROVIDER": "openai", "LLM_BASE_URL": server.url("/v1"), "OPENAI_API_KEY": "k"])
    #expect(result.status == 1, "\(result)")
    #expect(result.stdout.contains("overloaded") || result.stderr.contains("overloaded"))
    #expect(server.requests.count == 2)
    #expect(try repo.read("primes.py") == FillFixture.stub)
    #expect(try repo.git("status", "--porcelain").isEmpty)
  }
}
