import Foundation
import Testing

@testable import GitLLM

@Suite struct MemoryAssistantTests {
  func seeded() throws -> (ScratchDirectory, MemoryStore) {
    let scratch = try ScratchDirectory("assistant")
    let store = try MemoryStore(path: scratch("memory.sqlite"))
    let lines = [
      ("user", "Hello, let us debug the parser."), ("assistant", "Sure, show me the stack trace."),
      ("user", "Say a random animal."), ("assistant", "A random animal: the pangolin."),
      ("user", "The build uses Swift 6.3."), ("assistant", "Noted, Swift 6.3."),
    ]
    for (role, text) in lines {
      try store.add(NewMemoryMessage(namespace: "debugger", role: role, text: text))
    }
    return (scratch, store)
  }

  @Test func summarizeSendsTheLastMessagesAndStoresTheSummary() async throws {
    let (scratch, store) = try seeded()
    let chat = MemoryChatDouble { _ in "They debugged a parser; the animal was a pangolin." }
    let assistant = MemoryAssistant(store: store, provider: chat, model: "m")
    let result = try await assistant.summarize(namespace: "debugger", last: 4)
    #expect(result.messageCount == 4)
    let prompt = try #require(chat.requests.first?.messages.last?.content)
    #expect(prompt.contains("assistant: A random animal: the pangolin."))
    #expect(prompt.contains("Say a random animal."))
    #expect(!prompt.contains("debug the parser"))  // outside the last 4
    let last = try #require(try store.messages(namespace: "debugger").last)
    #expect(last == result.summary)
    #expect(last.role == "system" && last.source == "summary")
    #expect(last.text == "They debugged a parser; the animal was a pangolin.")
    await #expect(throws: MemoryError.nothingToSummarize("empty")) {
      try await assistant.summarize(namespace: "empty")
    }
    _ = scratch
  }

  @Test func askPutsTheRetrievedMessageInThePrompt() async throws {
    let (scratch, store) = try seeded()
    let chat = MemoryChatDouble { request in
      request.messages.last?.content.contains("pangolin") == true
        ? "The pangolin [1]." : "I do not know."
    }
    let assistant = MemoryAssistant(store: store, provider: chat, model: "m")
    let answer = try await assistant.ask(
      namespace: "debugger", question: "What random animal have you said?", k: 2)
    #expect(answer.answer == "The pangolin [1].")
    #expect(answer.sources.map(\.message.text).contains("A random animal: the pangolin."))
    #expect(answer.sources.count == 2)
    let prompt = try #require(chat.requests.first?.messages.last?.content)
    #expect(prompt.contains("] assistant: A random animal: the pangolin."))
    #expect(prompt.hasSuffix("Question: What random animal have you said?"))
    #expect(!prompt.contains("Swift 6.3"))
    _ = scratch
  }

  @Test func summarizeKeepsTheNewestMessagesWithinTheBudget() throws {
    let (scratch, store) = try seeded()
    let assistant = MemoryAssistant(
      store: store, provider: MemoryChatDouble { _ in "" }, model: "m", promptBudget: 12)
    let kept = assistant.fitted(try store.messages(namespace: "debugger"))
    #expect(kept.last?.text == "Noted, Swift 6.3.")
    #expect(kept.count < 6 && !kept.isEmpty)
    _ = scratch
  }
}
