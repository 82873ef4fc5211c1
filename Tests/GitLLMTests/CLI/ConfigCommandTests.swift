import Foundation
import Testing

@Suite struct ConfigCommandTests {
  struct Report: Decodable {
    struct Entry: Decodable {
      var key: String
      var value: String?
      var origin: String
      var secret: Bool
    }
    var settings: [Entry]
    var unknown: [Entry]
    var warnings: [String]
    func entry(_ key: String) -> Entry? { settings.first { $0.key == key } }
  }

  @Test func jsonShowsEachLayerAndMasksSecrets() throws {
    let repo = try TestRepository()
    try repo.write(".gitllm", "[llm]\n\tprovider = anthropic\n\ttimeout = 30\n[index]\n\text = .py,.md\n")
    try repo.git("config", "llm.timeout", "45")
    try repo.git("config", "llm.modle", "typo")
    let result = try gitLLM(
      ["config", "--json"], in: repo.path,
      environment: ["ANTHROPIC_API_KEY": "sk-ant-api03-supersecretvalue", "PUBSUB_TOPIC": "llm-traffic"])
    #expect(result.status == 0, "\(result)")
    let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    #expect(report.entry("llm.provider")?.value == "anthropic")
    #expect(report.entry("llm.provider")?.origin == ".gitllm")
    #expect(report.entry("llm.timeout")?.value == "45")
    #expect(report.entry("llm.timeout")?.origin == "git config (local)")
    #expect(report.entry("index.ext")?.value == ".py,.md")
    #expect(report.entry("pubsub.topic")?.origin == "$PUBSUB_TOPIC")
    #expect(report.entry("llm.apiKey")?.secret == true)
    #expect(report.entry("llm.apiKey")?.value == nil)
    #expect(report.unknown.map(\.key) == ["llm.modle"])
    #expect(!result.stdout.contains("supersecret"))
    #expect(!result.stderr.contains("supersecret"))
  }

  @Test func textFormListsKeyValueAndOrigin() throws {
    let repo = try TestRepository()
    let result = try gitLLM(["config"], in: repo.path, environment: ["OPENAI_API_KEY": "sk-proj-abcdef123456"])
    #expect(result.status == 0, "\(result)")
    let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("llm.provider") }
    #expect(line?.contains("openai") == true)
    #expect(line?.contains("OPENAI_API_KEY is set") == true)
    #expect(!result.stdout.contains("sk-proj-abcdef123456"))
  }

  @Test func malformedGitLLMFileIsABadInput() throws {
    let repo = try TestRepository()
    try repo.write(".gitllm", "[llm\nprovider = openai\n")
    let result = try gitLLM(["config"], in: repo.path)
    #expect(result.status == 2, "\(result)")
    #expect(result.stderr.contains(".gitllm"))
    #expect(result.stderr.contains("line 1") || result.stderr.contains(".gitllm:1"))
  }

  @Test func badValueNamesTheKeyAndWhereItCameFrom() throws {
    let repo = try TestRepository()
    try repo.git("config", "summaries.layout", "sideways")
    let result = try gitLLM(["config"], in: repo.path)
    #expect(result.status == 2, "\(result)")
    #expect(result.stderr.contains("summaries.layout"))
    #expect(result.stderr.contains("git config (local)"))
    #expect(result.stderr.contains("sibling, mirror"))
  }

  @Test func outsideARepositoryIsABadInput() throws {
    let scratch = try ScratchDirectory("norepo")
    let result = try gitLLM(["config"], in: scratch.path)
    #expect(result.status == 2, "\(result)")
    #expect(result.stderr.contains("not a git repository"))
  }

  @Test func unknownSubcommandIsAUsageError() throws {
    let scratch = try ScratchDirectory("usage")
    let result = try gitLLM(["frobnicate"], in: scratch.path)
    #expect(result.status == 2, "\(result)")
    #expect(result.stderr.contains("frobnicate"))
  }
}

@Suite struct DoctorCommandTests {
  struct Check: Decodable {
    var name: String
    var status: String
    var detail: String
  }

  @Test func inARepositoryEverythingRequiredPasses() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.py": "print(1)\n"])
    let result = try gitLLM(["doctor", "--json"], in: repo.path)
    #expect(result.status == 0, "\(result)")
    let checks = try JSONDecoder().decode([Check].self, from: Data(result.stdout.utf8))
    #expect(checks.first { $0.name == "repository" }?.status == "ok")
    #expect(checks.first { $0.name == "HEAD" }?.detail.hasPrefix("branch main at ") == true)
    #expect(checks.first { $0.name == "provider" }?.detail.hasPrefix("none") == true)
  }

  @Test func missingKeyFailsWithoutPrintingAnything() throws {
    let repo = try TestRepository()
    let result = try gitLLM(["doctor"], in: repo.path, environment: ["LLM_PROVIDER": "gemini"])
    #expect(result.status == 1, "\(result)")
    #expect(result.stdout.contains("GEMINI_API_KEY"))
    #expect(result.stdout.contains("has no commits yet"))
  }

  @Test func keyIsReportedPresentButNeverShown() throws {
    let repo = try TestRepository()
    let result = try gitLLM(["doctor"], in: repo.path, environment: ["OPENAI_API_KEY": "sk-live-0123456789abcdef"])
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.contains("set (from $OPENAI_API_KEY)"))
    #expect(!result.stdout.contains("0123456789abcdef"))
  }

  @Test func outsideARepositoryTheFirstCheckFails() throws {
    let scratch = try ScratchDirectory("doctor")
    let result = try gitLLM(["doctor"], in: scratch.path)
    #expect(result.status == 1, "\(result)")
    #expect(result.stdout.contains("not inside a git repository"))
  }

  @Test func pubSubWithoutProjectFails() throws {
    let repo = try TestRepository()
    let result = try gitLLM(["doctor"], in: repo.path, environment: ["PUBSUB_TOPIC": "t"])
    #expect(result.status == 1, "\(result)")
    #expect(result.stdout.contains("pubsub.project is not set"))
  }
}
