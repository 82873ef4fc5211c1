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

/// One line of `git llm doctor --json`.
struct DoctorCheckJSON: Decodable {
  var name: String
  var status: String
  var detail: String
}

@Suite struct DoctorCommandTests {
  @Test func inARepositoryEverythingRequiredPasses() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.py": "print(1)\n"])
    let result = try gitLLM(["doctor", "--json"], in: repo.path)
    #expect(result.status == 0, "\(result)")
    let checks = try JSONDecoder().decode([DoctorCheckJSON].self, from: Data(result.stdout.utf8))
    #expect(checks.first { $0.name == "repository" }?.status == "ok")
    #expect(checks.first { $0.name == "HEAD" }?.detail.hasPrefix("branch main at ") == true)
    #expect(checks.first { $0.name == "provider" }?.detail.hasPrefix("none") == true)
  }

  @Test func missingKeyFailsWithoutPrintingAnything() throws {
    let repo = try TestRepository()
    let result = try gitLLM(["doctor", "--offline"], in: repo.path, environment: ["LLM_PROVIDER": "gemini"])
    #expect(result.status == 1, "\(result)")
    #expect(result.stdout.contains("GEMINI_API_KEY"))
    #expect(result.stdout.contains("has no commits yet"))
  }

  @Test func keyIsReportedPresentButNeverShown() throws {
    let repo = try TestRepository()
    let result = try gitLLM(["doctor", "--offline"], in: repo.path, environment: ["OPENAI_API_KEY": "sk-live-0123456789abcdef"])
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

@Suite struct DoctorProbeTests {
  func doctor(_ repo: TestRepository, _ environment: [String: String?]) throws -> (ProcessResult, [DoctorCheckJSON]) {
    let result = try gitLLM(["doctor", "--json"], in: repo.path, environment: environment)
    return (result, try JSONDecoder().decode([DoctorCheckJSON].self, from: Data(result.stdout.utf8)))
  }

  @Test func reachableProviderListsItsModelsWithTheKey() throws {
    let server = try LoopbackHTTPServer { _ in .json(#"{"object":"list","data":[{"id":"gpt-4o-mini"},{"id":"o3"}]}"#) }
    let repo = try TestRepository()
    let (result, checks) = try doctor(
      repo, ["LLM_PROVIDER": "openai", "LLM_BASE_URL": server.url("/v1"), "OPENAI_API_KEY": "sk-probe-123456789"])
    #expect(result.status == 0, "\(result)")
    #expect(checks.first { $0.name == "provider reachable" }?.detail == "reachable, 2 models listed")
    let request = try #require(server.requests.first)
    #expect(request.method == "GET")
    #expect(request.path == "/v1/models")
    #expect(request.headers.first { $0.name.lowercased() == "authorization" }?.value == "Bearer sk-probe-123456789")
    #expect(!result.stdout.contains("sk-probe-123456789"))
  }

  @Test func refusedKeyAndUnknownModelAreReported() throws {
    let refusing = try LoopbackHTTPServer { _ in
      .json(#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#, status: 401)
    }
    let repo = try TestRepository()
    let (refused, checks) = try doctor(
      repo, ["LLM_PROVIDER": "anthropic", "LLM_BASE_URL": refusing.url(), "ANTHROPIC_API_KEY": "bad"])
    #expect(refused.status == 1, "\(refused)")
    #expect(checks.first { $0.name == "provider reachable" }?.detail.contains("the key was refused (HTTP 401: invalid x-api-key)") == true)
    #expect(refusing.requests.first?.path == "/v1/models")
    #expect(refusing.requests.first?.headers.contains { $0.name.lowercased() == "anthropic-version" } == true)

    let listing = try LoopbackHTTPServer { _ in .json(#"{"models":[{"name":"models/gemini-2.5-pro"}]}"#) }
    let (_, other) = try doctor(
      repo, ["LLM_PROVIDER": "gemini", "LLM_BASE_URL": listing.url("/v1beta"), "GEMINI_API_KEY": "k", "LLM_MODEL": "gemini-9"])
    #expect(other.first { $0.name == "provider reachable" }?.detail == "reachable, but model gemini-9 is not among the 1 it lists")
  }

  @Test func unreachableProviderFails() throws {
    let port = try LoopbackHTTPServer.unusedPort()
    let repo = try TestRepository()
    let (result, checks) = try doctor(
      repo, ["LLM_PROVIDER": "openai", "LLM_BASE_URL": "http://127.0.0.1:\(port)/v1"])
    #expect(result.status == 1, "\(result)")
    #expect(checks.first { $0.name == "provider reachable" }?.detail.hasPrefix("unreachable") == true)
  }

  @Test func indexAndHooksAreReported() throws {
    let repo = try TestRepository()
    try repo.commit("first", files: ["a.py": "def a():\n    return 1\n"])
    #expect(try gitLLM(["index"], in: repo.path).status == 0)
    #expect(try gitLLM(["install", "--hooks", "post-merge"], in: repo.path).status == 0)
    var (_, checks) = try doctor(repo, [:])
    #expect(checks.first { $0.name == "index" }?.status == "ok")
    #expect(checks.first { $0.name == "index" }?.detail.contains("1 files") == true)
    #expect(checks.first { $0.name == "hooks" }?.detail == "post-merge")
    try repo.commit("second", files: ["b.py": "def b():\n    return 2\n"])
    (_, checks) = try doctor(repo, [:])
    #expect(checks.first { $0.name == "index" }?.status == "warning")
    #expect(checks.first { $0.name == "index" }?.detail.contains("not HEAD") == true)
  }
}
