import Foundation
import Testing

@testable import GitLLM

/// `--usage` on the commands that call a model, through the built binary against a loopback
/// OpenAI-compatible server; and the numeric options they refuse.
@Suite struct UsageFlagTests {
  static func reply(model: String, prompt: Int, completion: Int) -> LoopbackHTTPServer.Reply {
    .json(
      #"{"id":"c1","object":"chat.completion","model":"\#(model)","choices":[{"index":0,"message":"#
        + #"{"role":"assistant","content":"Okapis."},"finish_reason":"stop"}],"usage":"#
        + #"{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion)}}"#)
  }

  func environment(_ server: LoopbackHTTPServer, model: String) -> [String: String?] {
    [
      "LLM_PROVIDER": "openai", "LLM_BASE_URL": server.url("/v1"),
      "OPENAI_API_KEY": "sk-test-0123456789abcdef", "LLM_MODEL": model,
    ]
  }

  @Test func memoryAskAndSummarizePrintTheUsageBlockOnRequest() throws {
    let server = try LoopbackHTTPServer { _ in Self.reply(model: "gpt-4o-mini", prompt: 40, completion: 8) }
    let repo = try TestRepository("usage-memory")
    try repo.commit("initial")
    let env = environment(server, model: "gpt-4o-mini")
    #expect(try gitLLM(["memory", "add", "I like okapis."], in: repo.path, environment: env).status == 0)
    // 40 × $0.15 + 8 × $0.60 per million tokens = $0.0000108.
    let block = "Tokens Used: 48\n\tPrompt Tokens: 40\n\tCompletion Tokens: 8\nTotal Cost (USD): $0.000011\n"
    let asked = try gitLLM(["memory", "ask", "--usage", "What do I like?"], in: repo.path, environment: env)
    #expect(asked.status == 0, "\(asked)")
    #expect(asked.stdout.hasPrefix("Okapis.\n"))
    #expect(asked.stderr.hasSuffix(block), "\(asked)")
    #expect(!asked.stdout.contains("Tokens Used"))
    let summarized = try gitLLM(["memory", "summarize", "--usage"], in: repo.path, environment: env)
    #expect(summarized.status == 0, "\(summarized)")
    #expect(summarized.stdout == "Okapis.\n")
    #expect(summarized.stderr.hasSuffix(block), "\(summarized)")
    let json = try gitLLM(["memory", "ask", "--usage", "--json", "What?"], in: repo.path, environment: env)
    #expect(json.stderr.hasSuffix(block) && !json.stdout.contains("Tokens Used"), "\(json)")
    let quiet = try gitLLM(["memory", "ask", "What do I like?"], in: repo.path, environment: env)
    #expect(quiet.status == 0 && !quiet.stderr.contains("Tokens Used"), "\(quiet)")
  }

  @Test func askPrintsUsageAfterEachAnswerAndUnpricedForAnUnknownModel() throws {
    let repo = try SearchTests.makeFixture()
    #expect(try gitLLM(["index"], in: repo.path).status == 0)
    let chunk = { (text: String) in
      "data: {\"model\":\"toy-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(text)\"}}]}\n\n"
    }
    let server = try LoopbackHTTPServer(replies: [
      .eventStream([
        chunk("Use an ice bath."),
        "data: {\"model\":\"toy-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":5}}\n\n",
        "data: [DONE]\n\n",
      ])
    ])
    var env = environment(server, model: "toy-1")
    env["MESSAGE_HISTORY"] = repo.scratch("history")
    let result = try gitLLM(
      ["ask", "--usage", "how do I calibrate the sensors?", "-k", "2"], in: repo.path, environment: env)
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.hasPrefix("Use an ice bath.\n\nSources:"))
    #expect(
      result.stderr.hasSuffix(
        "Tokens Used: 125\n\tPrompt Tokens: 120\n\tCompletion Tokens: 5\nTotal Cost (USD): unpriced\n"),
      "\(result)")
    // A price override prices the same model; interactive mode prints one block per answer.
    try repo.git("config", "llm.price.toy-1", "1000000,2000000")
    let interactive = try gitLLM(
      ["ask", "--usage"], in: repo.path, environment: env, input: "calibrate\ncalibrate sensors\n")
    #expect(interactive.status == 0, "\(interactive)")
    // 120 × $1 + 5 × $2 = $130 per answer.
    #expect(interactive.stderr.components(separatedBy: "Total Cost (USD): $130.00\n").count == 3, "\(interactive)")
  }

  @Test func badNumericOptionsAreUsageErrors() throws {
    let repo = try TestRepository("usage-options")
    try repo.commit("initial")
    for arguments in [
      ["memory", "ask", "-k", "0", "anything"], ["memory", "ask", "-k=-2", "anything"],
      ["ask", "-k", "0", "anything"],
      ["log", "flush", "--timeout", "0"], ["log", "flush", "--timeout=-5"],
    ] {
      let result = try gitLLM(arguments, in: repo.path)
      #expect(result.status == 2, "\(arguments): \(result)")
      #expect(result.stderr.contains("must be at least 1"), "\(arguments): \(result)")
    }
  }
}
