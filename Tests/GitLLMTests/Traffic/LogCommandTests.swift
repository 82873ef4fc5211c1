import Foundation
import Testing

@testable import GitLLM

/// `git llm log tail|stats|flush` end to end, on the default log folder of a real repository.
@Suite struct LogCommandTests {
  func seed(_ repo: TestRepository) throws -> [TrafficRecord] {
    let writer = TrafficWriter(directory: TrafficDirectory(path: repo.path + "/.git/llm/history"))
    var written: [TrafficRecord] = []
    for (i, model) in ["gpt-4o-mini", "llama3.2:3b"].enumerated() {
      var request = TrafficRecord(
        namespace: "default", kind: .request, provider: "openai", model: model,
        commit: .init(sha: String(repeating: "b", count: 40), command: "ask"))
      request.messages = [.user("question \(i)")]
      var response = TrafficRecord(
        namespace: "default", kind: .response, provider: "openai", model: model,
        commit: request.commit)
      response.requestID = request.id
      response.content = "answer \(i)\nsecond line"
      response.usage = .init(TokenUsage(promptTokens: 1000, completionTokens: 500))
      response.costUSD = PriceTable().cost(
        model: model, usage: TokenUsage(promptTokens: 1000, completionTokens: 500))
      response.latencyMS = 42
      for record in [request, response] { try writer.append(record) }
      written += [request, response]
    }
    writer.sync()
    return written
  }

  @Test func tailPrintsTheLastRecordsAsTextOrJSON() throws {
    let repo = try TestRepository("log")
    let written = try seed(repo)
    let text = try gitLLM(["log", "tail", "-n", "2"], in: repo.path)
    #expect(text.status == 0, "\(text)")
    let lines = text.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(
      lines[1].contains("response") && lines[1].contains("openai/llama3.2:3b")
        && lines[1].contains("unpriced") && lines[1].contains("answer 1 second line"))
    let json = try gitLLM(["log", "tail", "-n", "3", "--json"], in: repo.path)
    let ids = try json.stdout.split(separator: "\n").map {
      try JSONDecoder().decode(TrafficRecord.self, from: Data($0.utf8)).id
    }
    #expect(ids == written.suffix(3).map(\.id))
  }

  @Test func statsCountCallsTokensAndCostWithUnpricedKeptApart() throws {
    let repo = try TestRepository("log")
    _ = try seed(repo)
    let result = try gitLLM(["log", "stats", "--json"], in: repo.path)
    #expect(result.status == 0, "\(result)")
    let stats = try JSONDecoder().decode(TrafficStats.self, from: Data(result.stdout.utf8))
    #expect(stats.records == 4 && stats.pending == 4)
    let priced = try #require(stats.rows.first { $0.model == "gpt-4o-mini" })
    #expect(priced.calls == 1 && priced.promptTokens == 1000 && priced.completionTokens == 500)
    #expect(abs((priced.costUSD ?? 0) - 0.00045) < 1e-9)
    let unpriced = try #require(stats.rows.first { $0.model == "llama3.2:3b" })
    #expect(unpriced.costUSD == nil && unpriced.unpriced == 1)
    #expect(result.stdout.contains("\"cost_usd\" : null"))
    let text = try gitLLM(["log", "stats"], in: repo.path)
    #expect(text.stdout.contains("4 records; 4 pending publication (Pub/Sub not configured)"))
  }

  @Test func flushReportsWhatCouldNotBePublished() throws {
    let repo = try TestRepository("log")
    _ = try seed(repo)
    let unconfigured = try gitLLM(["log", "flush"], in: repo.path)
    #expect(unconfigured.status == 0 && unconfigured.stdout.contains("not configured"))
    let down = try gitLLM(
      ["log", "flush", "--timeout", "5"], in: repo.path,
      environment: [
        "GOOGLE_CLOUD_PROJECT": "p", "PUBSUB_TOPIC": "t",
        "PUBSUB_EMULATOR_HOST": "127.0.0.1:\(try LoopbackHTTPServer.unusedPort())",
      ])
    #expect(down.status == 1, "\(down)")
    #expect(down.stderr.contains("could not publish 4 records"))
  }

  @Test func outsideARepositoryWithoutMessageHistoryIsAUsageError() throws {
    let scratch = try ScratchDirectory("nolog")
    let result = try gitLLM(["log", "tail"], in: scratch.path)
    #expect(result.status == 2 && result.stderr.contains("MESSAGE_HISTORY"))
  }
}
