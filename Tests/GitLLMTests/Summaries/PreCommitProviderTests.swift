import Foundation
import Testing

@testable import GitLLM

/// `git commit` with the hook installed and the real OpenAI-compatible provider talking to a
/// loopback chat server, whose requests are the model calls counted.
@Suite struct PreCommitProviderTests {
  /// A chat server that answers each request with a summary naming the file it was asked about.
  static func chatServer() throws -> LoopbackHTTPServer {
    try LoopbackHTTPServer(lifetime: .seconds(120)) { request in
      let text = request.text
      let path = text.range(of: "file `").map { text[$0.upperBound...].prefix { $0 != "`" } } ?? "?"
      let content = "## Purpose\\nSummary of \(path) by the loopback model."
      return .json(
        #"{"id":"c1","object":"chat.completion","model":"loop-1","choices":[{"index":0,"message":{"role":"assistant","content":"\#(content)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}"#
      )
    }
  }

  static func environment(_ baseURL: String) -> [String: String?] {
    [
      "LLM_PROVIDER": "openai", "LLM_BASE_URL": baseURL + "/v1",
      "OPENAI_API_KEY": "sk-test-loopback", "LLM_MODEL": "loop-1",
    ]
  }

  func repository() throws -> TestRepository {
    let repo = try TestRepository("hook-llm")
    try repo.installSummariesHook()
    try repo.git("config", "llm.maxRetries", "1")
    return repo
  }

  func chatRequests(_ server: LoopbackHTTPServer) -> [LoopbackHTTPServer.RecordedRequest] {
    server.requests.filter { $0.path.hasSuffix("/chat/completions") }
  }

  @Test func onlyStaleSummariesCallTheModel() throws {
    let server = try Self.chatServer()
    let env = Self.environment(server.baseURL)
    let repo = try repository()
    try repo.write("a.py", "a = 1\n")
    try repo.write("b.go", "package b\n")
    try repo.write("c.sh", "echo c\n")
    try repo.git("add", "-A")
    let first = try repo.commitWithHook(["-m", "one"], environment: env)
    #expect(first.status == 0, "\(first)")
    #expect(chatRequests(server).count == 3)
    let summary = try repo.git("show", "HEAD:a.py.md")
    #expect(
      summary.contains("model: loop-1")
        && summary.contains("Summary of a.py by the loopback model."))
    #expect(
      try repo.committedFrontMatter("a.py.md")?.sourceBlob?.hex
        == (try repo.git("rev-parse", "HEAD:a.py")))
    try repo.write("b.go", "package b\n\nfunc B() {}\n")
    try repo.write("notes.txt", "n\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "two"], environment: env).status == 0)
    #expect(chatRequests(server).count == 4)
    #expect(chatRequests(server).last?.text.contains("func B()") == true)
    try repo.write("notes.txt", "m\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "three"], environment: env).status == 0)
    #expect(chatRequests(server).count == 4)
    // Each call is in the traffic log under the summaries namespace, with the hook named.
    let history = repo.path + "/.git/llm/history"
    let logged = try FileManager.default.contentsOfDirectory(atPath: history).filter {
      $0.contains("summaries")
    }
    #expect(!logged.isEmpty)
    let records = try logged.map { try String(contentsOfFile: history + "/" + $0, encoding: .utf8) }
      .joined()
    #expect(records.contains("hook pre-commit"))
    #expect(!records.contains("sk-test-loopback"))
  }

  @Test func outlinesAreReplacedOnceAModelIsConfigured() throws {
    let repo = try repository()
    try repo.write("a.py", "def a():\n    pass\n")
    try repo.write("b.py", "def b():\n    pass\n")
    try repo.git("add", "-A")
    #expect(try repo.commitWithHook(["-m", "offline"]).status == 0)
    #expect(try repo.committedFrontMatter("a.py.md")?.model == "outline")
    let server = try Self.chatServer()
    let result = try gitLLM(
      ["summarize", "--json"], in: repo.path, environment: Self.environment(server.baseURL))
    #expect(result.status == 0, "\(result)")
    #expect(chatRequests(server).count == 2)
    #expect(result.stdout.contains("\"reason\" : \"outline\""))
    #expect(try repo.read("b.py.md").contains("model: loop-1"))
  }

  @Test func providerDownLetsTheCommitGoOnWithOneWarningLine() throws {
    let repo = try repository()
    try repo.write("a.py", "a = 1\n")
    try repo.git("add", "-A")
    let down = "http://127.0.0.1:\(try LoopbackHTTPServer.unusedPort())"
    let result = try repo.commitWithHook(["-m", "offline"], environment: Self.environment(down))
    #expect(result.status == 0, "\(result)")
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(result.stderr)")
    #expect(lines.first?.hasPrefix("git-llm: warning: 1 of 1 summary not updated (a.py:") == true)
    #expect(try repo.git("ls-tree", "-r", "--name-only", "HEAD") == "a.py")
  }

  @Test func aProviderWithoutAKeyWarnsOnlyWhenASummaryIsStale() throws {
    let repo = try repository()
    let env: [String: String?] = ["LLM_PROVIDER": "openai"]
    try repo.write("notes.txt", "n\n")
    try repo.git("add", "-A")
    let quiet = try repo.commitWithHook(["-m", "no sources"], environment: env)
    #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet)")
    try repo.write("a.py", "a = 1\n")
    try repo.git("add", "-A")
    let result = try repo.commitWithHook(["-m", "a source"], environment: env)
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(result.stderr.contains("OPENAI_API_KEY"))
  }

  @Test func requiredStopsTheCommitWithNothingStaged() throws {
    let repo = try repository()
    try repo.git("config", "summaries.required", "true")
    try repo.write("a.py", "a = 1\n")
    try repo.write("b.py", "b = 1\n")
    try repo.git("add", "-A")
    let down = "http://127.0.0.1:\(try LoopbackHTTPServer.unusedPort())"
    let result = try repo.commitWithHook(["-m", "blocked"], environment: Self.environment(down))
    #expect(result.status != 0, "\(result)")
    #expect(result.stderr.contains("summaries.required"))
    #expect(
      try Subprocess.run("/usr/bin/git", ["rev-parse", "-q", "--verify", "HEAD"], in: repo.path)
        .status != 0)
    #expect(try repo.git("diff", "--cached", "--name-only") == "a.py\nb.py")
    #expect(!repo.exists("a.py.md") && !repo.exists("b.py.md"))
  }

  @Test func aModelPastTheDeadlineDoesNotHoldTheCommit() throws {
    let server = try LoopbackHTTPServer(replies: [.neverAnswer], lifetime: .seconds(60))
    let repo = try repository()
    try repo.git("config", "summaries.timeout", "1")
    try repo.write("a.py", "a = 1\n")
    try repo.git("add", "-A")
    let clock = ContinuousClock()
    let start = clock.now
    let result = try repo.commitWithHook(
      ["-m", "slow"], environment: Self.environment(server.baseURL))
    #expect(clock.now - start < .seconds(20))
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(result.stderr.contains("summaries.timeout"))
    #expect(chatRequests(server).count == 1)
  }
}
