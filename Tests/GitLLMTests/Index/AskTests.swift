import Foundation
import Testing
@testable import GitLLM

/// A chat provider that records what it is asked and streams a fixed answer.
final class RecordingChatProvider: ChatProvider {
  let name = "recording"
  private let recorded = LockedList<ChatRequest>()
  var requests: [ChatRequest] { recorded.all }

  func complete(_ request: ChatRequest) async throws -> ChatResponse {
    recorded.append(request)
    return ChatResponse(content: "The report is built by build_daily_report.", model: request.model)
  }

  func stream(_ request: ChatRequest, onDelta: @escaping @Sendable (String) -> Void) async throws -> ChatResponse {
    let response = try await complete(request)
    onDelta("The report is built ")
    onDelta("by build_daily_report.")
    return response
  }
}

/// Values appended from any task. @unchecked: every access goes through the lock.
final class LockedList<Element: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [Element] = []
  func append(_ item: Element) { lock.withLock { items.append(item) } }
  var all: [Element] { lock.withLock { items } }
}

@Suite struct AskTests {
  @Test func promptHoldsTheRetrievedPassagesAndTheAnswerStreams() async throws {
    let repo = try SearchTests.makeFixture()
    try repo.runIndexer()
    let store = try IndexStore(path: "\(repo.path)/.git/llm/index.sqlite")
    let hits = try await Retriever(store: store).retrieve("how is the daily report built", limit: 2)
    let provider = RecordingChatProvider()
    let deltas = LockedList<String>()
    let response = try await Asker.answer(
      question: "how is the daily report built", hits: hits, provider: provider, model: "m1"
    ) { deltas.append($0) }
    #expect(deltas.all == ["The report is built ", "by build_daily_report."])
    #expect(response.content == "The report is built by build_daily_report.")
    let request = try #require(provider.requests.first)
    #expect(request.model == "m1" && request.messages.first?.role == .system)
    let prompt = try #require(request.messages.last?.content)
    #expect(prompt.contains("--- station/report.py:1-4\ndef build_daily_report(readings):"))
    #expect(prompt.contains("mean temperature"))
    #expect(prompt.hasSuffix("Question: how is the daily report built"))
    #expect(Asker.sources(hits).hasPrefix("Sources:\n  station/report.py:1-4"))
  }

  @Test func withoutAProviderAskPrintsPassagesAndSources() throws {
    let repo = try SearchTests.makeFixture()
    #expect(try gitLLM(["index"], in: repo.path).status == 0)
    let result = try gitLLM(["ask", "how", "do", "I", "calibrate", "the", "sensors?", "-k", "2"], in: repo.path)
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.hasPrefix("no LLM provider is configured (set llm.provider)"))
    #expect(result.stdout.contains("--- docs/calibration.md:1-3\n# Calibration"))
    #expect(result.stdout.contains("Sources:\n  docs/calibration.md:1-3"))

    let interactive = try gitLLM(["ask"], in: repo.path, input: "daily report\n\ncalibrate\n")
    #expect(interactive.status == 0, "\(interactive)")
    #expect(interactive.stdout.components(separatedBy: "Sources:").count == 3)
    #expect(interactive.stdout.contains("  station/report.py:1-4"))
  }

  @Test func askStreamsTheConfiguredProvidersAnswerThenSources() throws {
    let repo = try SearchTests.makeFixture()
    #expect(try gitLLM(["index"], in: repo.path).status == 0)
    let chunk = { (text: String) in
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(text)\"}}]}\n\n"
    }
    let server = try LoopbackHTTPServer(replies: [
      .eventStream([chunk("Calibrate against "), chunk("an ice bath."), "data: [DONE]\n\n"])
    ])
    let result = try gitLLM(
      ["ask", "how do I calibrate the sensors?", "-k", "2"], in: repo.path,
      environment: [
        "LLM_PROVIDER": "openai", "LLM_BASE_URL": server.url("/v1"), "LLM_MODEL": "toy",
        "MESSAGE_HISTORY": repo.scratch("history"),
      ])
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.hasPrefix("Calibrate against an ice bath.\n\nSources:\n  docs/calibration.md:1-3"))
    let request = try #require(server.requests.first)
    #expect(request.path == "/v1/chat/completions")
    #expect(request.text.contains("Sensors drift; calibrate them against an ice bath"))
  }
}
