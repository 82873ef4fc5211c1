import Foundation

/// A model's answer to a question about a namespace's memory, with the messages it was given.
public struct MemoryAnswer: Sendable, Equatable, Codable {
  public var question: String
  public var answer: String
  public var model: String
  public var sources: [MemoryHit]
}

/// A model's summary of a namespace's messages, stored as a message of its own.
public struct MemorySummary: Sendable, Equatable, Codable {
  public var summary: MemoryMessage
  public var model: String
  /// How many messages were summarised.
  public var messageCount: Int

  enum CodingKeys: String, CodingKey {
    case summary, model
    case messageCount = "message_count"
  }
}

/// Summarises and questions a namespace's memory with a chat model.
public struct MemoryAssistant {
  let store: MemoryStore
  let provider: any ChatProvider
  let model: String
  /// The most estimated tokens of remembered text put into one prompt.
  var promptBudget: Int
  var maxTokens: Int?

  public init(
    store: MemoryStore, provider: any ChatProvider, model: String, promptBudget: Int = 12_000,
    maxTokens: Int? = nil
  ) {
    self.store = store
    self.provider = provider
    self.model = model
    self.promptBudget = promptBudget
    self.maxTokens = maxTokens
  }

  /// Summarises the last `last` messages (all when nil), newest kept when they exceed the budget,
  /// and stores the summary as a `system` message with source `summary`.
  /// - Throws: `MemoryError.nothingToSummarize` when the namespace has no messages; provider errors.
  public func summarize(namespace: String, last: Int? = nil) async throws -> MemorySummary {
    let messages = fitted(try store.messages(namespace: namespace, last: last))
    guard !messages.isEmpty else { throw MemoryError.nothingToSummarize(namespace) }
    let transcript = messages.map { "\($0.role): \($0.text)" }.joined(separator: "\n\n")
    let request = ChatRequest(
      model: model,
      messages: [
        .system(
          "You summarise a conversation history so it can be remembered later. Keep names, facts, "
            + "decisions, numbers and open questions; drop pleasantries. Answer with the summary only."
        ),
        .user("Summarise these \(messages.count) messages:\n\n\(transcript)"),
      ], maxTokens: maxTokens)
    let response = try await provider.complete(request)
    let stored = try store.add(
      NewMemoryMessage(
        namespace: namespace, role: "system", text: response.content, source: "summary"))
    return MemorySummary(summary: stored, model: response.model, messageCount: messages.count)
  }

  /// Answers `question` from the `k` remembered messages most relevant to it (BM25).
  /// - Throws: provider errors.
  public func ask(namespace: String, question: String, k: Int = 6) async throws -> MemoryAnswer {
    let hits = try store.search(namespace: namespace, query: question, limit: k)
    var budget = promptBudget
    let used = hits.filter { hit in
      budget -= hit.message.tokenCount
      return budget >= 0 || hit == hits.first
    }
    let context =
      used.isEmpty
      ? "(no remembered message matched the question)"
      : used.enumerated().map { index, hit in
        let title = hit.message.conversationTitle.map { ", \"\($0)\"" } ?? ""
        return "[\(index + 1)] \(hit.message.role)\(title): \(hit.message.text)"
      }.joined(separator: "\n\n")
    let request = ChatRequest(
      model: model,
      messages: [
        .system(
          "You answer questions about a remembered conversation history. Use only the numbered "
            + "messages given; cite them as [n]. If they do not hold the answer, say so."),
        .user("Remembered messages:\n\n\(context)\n\nQuestion: \(question)"),
      ], maxTokens: maxTokens)
    let response = try await provider.complete(request)
    return MemoryAnswer(
      question: question, answer: response.content, model: response.model, sources: used)
  }

  /// The newest messages whose estimated tokens fit the budget, in order.
  func fitted(_ messages: [MemoryMessage]) -> [MemoryMessage] {
    var budget = promptBudget
    var kept: [MemoryMessage] = []
    for message in messages.reversed() {
      budget -= message.tokenCount
      if budget < 0 && !kept.isEmpty { break }
      kept.append(message)
    }
    return kept.reversed()
  }
}

@available(*, unavailable)
extension MemoryAssistant: Sendable {}
