import Foundation
import Synchronization
import Testing

@testable import GitLLM

/// An embedder that maps words to a few concepts, so "creature" and "pangolin" are near while
/// sharing no keyword; it counts the texts it embeds.
final class ConceptEmbedder: MemoryEmbedder {
  let model = "concepts-1"
  static let concepts: [Set<String>] = [
    ["animal", "creature", "pangolin", "okapi", "beast"],
    ["build", "swift", "compiler", "linux"],
    ["hello", "greeting", "hi"],
  ]
  let embedded = Mutex<[String]>([])

  func embed(_ texts: [String]) async throws -> [[Float]] {
    embedded.withLock { $0 += texts }
    return texts.map(Self.vector)
  }

  static func vector(_ text: String) -> [Float] {
    let words = FullTextQuery.words(text)
    return concepts.map { concept in Float(words.filter(concept.contains).count) } + [0.01]
  }
}

@Suite struct MemoryVectorTests {
  @Test func askFindsByMeaningWhenKeywordsMiss() async throws {
    let scratch = try ScratchDirectory("vectors")
    let store = try MemoryStore(path: scratch("memory.sqlite"))
    for (role, text) in [
      ("user", "Hi there."), ("assistant", "A random animal: the pangolin."),
      ("user", "We compile with Swift on Linux."),
    ] {
      try store.add(NewMemoryMessage(namespace: "d", role: role, text: text))
    }
    #expect(try store.search(namespace: "d", query: "Which creature came up?").isEmpty)

    let chat = MemoryChatDouble { request in
      request.messages.last?.content.contains("pangolin") == true ? "The pangolin." : "Unknown."
    }
    let embedder = ConceptEmbedder()
    let assistant = MemoryAssistant(store: store, provider: chat, model: "m", embedder: embedder)
    let answer = try await assistant.ask(namespace: "d", question: "Which creature came up?", k: 1)
    #expect(answer.answer == "The pangolin.")
    #expect(answer.sources.map(\.message.text) == ["A random animal: the pangolin."])
    #expect(embedder.embedded.withLock { $0.count } == 4)  // three messages, then the question

    // Vectors are kept: the next question embeds only itself; clearing drops them with the rows.
    _ = try await assistant.ask(namespace: "d", question: "What about the compiler?", k: 1)
    #expect(embedder.embedded.withLock { $0.count } == 5)
    #expect(try store.database.scalar("SELECT count(*) FROM message_vectors") == .integer(3))
    try store.clear(namespace: "d")
    #expect(try store.database.scalar("SELECT count(*) FROM message_vectors") == .integer(0))
  }

  struct Down: Error {}
  final class FailingEmbedder: MemoryEmbedder {
    let model = "down"
    func embed(_ texts: [String]) async throws -> [[Float]] { throw Down() }
  }

  @Test func askFallsBackToKeywordsWhenEmbeddingsFail() async throws {
    let scratch = try ScratchDirectory("vectors")
    let store = try MemoryStore(path: scratch("memory.sqlite"))
    try store.add(NewMemoryMessage(namespace: "d", role: "assistant", text: "The okapi is shy."))
    let chat = MemoryChatDouble { _ in "Shy." }
    let assistant = MemoryAssistant(
      store: store, provider: chat, model: "m", embedder: FailingEmbedder())
    let answer = try await assistant.ask(namespace: "d", question: "Is the okapi shy?")
    #expect(answer.sources.map(\.message.text) == ["The okapi is shy."])
    #expect(answer.warnings.count == 1)
    #expect(answer.warnings.first?.hasPrefix("embeddings unavailable") == true)
  }
}
