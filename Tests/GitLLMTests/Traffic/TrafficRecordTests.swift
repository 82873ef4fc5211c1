import Foundation
import Testing

@testable import GitLLM

@Suite struct TrafficRecordTests {
  func sample() -> TrafficRecord {
    var record = TrafficRecord(
      namespace: "default", kind: .response, provider: "openai", model: "mystery-model",
      commit: .init(
        repo: "proj", remote: "https://github.com/o/p.git", branch: "main",
        sha: String(repeating: "a", count: 40),
        author: "Ada <ada@example.com>", command: "hook pre-commit",
        ci: CIContext(
          provider: "github-actions", runID: "7", url: "https://github.com/o/p/actions/runs/7")))
    record.content = "ok"
    record.usage = .init(TokenUsage(promptTokens: 3, completionTokens: 2))
    record.latencyMS = 12
    return record
  }

  @Test func jsonLineHasTheDesignedFieldsAndExplicitNullCost() throws {
    let line = try sample().jsonLine()
    #expect(!line.contains(UInt8(ascii: "\n")))
    let json = try JSONValue.object(line)
    for key in [
      "id", "time", "namespace", "kind", "provider", "model", "content", "usage", "cost_usd",
      "latency_ms", "commit",
    ] {
      #expect(json[key] != nil, "missing \(key)")
    }
    #expect(json["cost_usd"] is NSNull)
    #expect(UUID(uuidString: json["id"] as? String ?? "") != nil)
    #expect((json["time"] as? String)?.hasSuffix("Z") == true)
    let usage = json["usage"] as? [String: Int]
    #expect(usage == ["prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5])
    let commit = json["commit"] as? [String: Any]
    #expect(commit?["command"] as? String == "hook pre-commit")
    #expect((commit?["ci"] as? [String: String])?["run_id"] == "7")
    let decoded = try JSONDecoder().decode(TrafficRecord.self, from: line)
    #expect(decoded == sample().with(id: decoded.id, time: decoded.time))
  }

  @Test func redactionCoversMessagesContentAndErrors() {
    var record = sample()
    record.kind = .request
    record.messages = [.user("my key is sk-proj-ABCDEFGHIJKLMNOPQRSTUV")]
    record.content = "AKIAIOSFODNN7EXAMPLE"
    record.error = "Bearer abcdefghijklmnop"
    let clean = record.redacted(by: Redactor())
    #expect(clean.messages?.first?.content == "my key is [REDACTED]")
    #expect(clean.content == "[REDACTED]")
    #expect(clean.error == "Bearer [REDACTED]")
  }

  @Test func templatesAreUppercaseWordsWithAColonAtLineStart() {
    let text =
      "Here you go.\nSQL: SELECT 1;\nEMAIL: to@x\n  SQL: again\nNote: lower\nA: single letter\nX_2: ok\nmid SQL: no"
    #expect(TrafficRecord.templates(in: text) == ["SQL", "EMAIL", "X_2"])
    #expect(TrafficRecord.templates(in: "nothing here") == [])
  }

  @Test func ciContextIsDetectedFromTheEnvironment() {
    #expect(
      CIContext.detect(environment: [
        "GITHUB_RUN_ID": "42", "GITHUB_REPOSITORY": "o/r", "GITHUB_SERVER_URL": "https://ghe.local",
        "CI": "true",
      ])
        == CIContext(
          provider: "github-actions", runID: "42", url: "https://ghe.local/o/r/actions/runs/42"))
    #expect(
      CIContext.detect(environment: [
        "GITLAB_CI": "true", "CI_PIPELINE_ID": "9",
        "CI_PIPELINE_URL": "https://gitlab.com/o/r/-/pipelines/9",
      ])
        == CIContext(provider: "gitlab-ci", runID: "9", url: "https://gitlab.com/o/r/-/pipelines/9")
    )
    #expect(
      CIContext.detect(environment: ["BUILD_ID": "b-1", "PROJECT_ID": "proj"])
        == CIContext(
          provider: "cloud-build", runID: "b-1",
          url: "https://console.cloud.google.com/cloud-build/builds/b-1?project=proj"))
    #expect(CIContext.detect(environment: ["CI": "true"]) == CIContext(provider: "ci"))
    #expect(CIContext.detect(environment: ["CI": "false", "HOME": "/root"]) == nil)
  }
}

extension TrafficRecord {
  func with(id: String, time: String) -> TrafficRecord {
    var copy = self
    copy.id = id
    copy.time = time
    return copy
  }
}
