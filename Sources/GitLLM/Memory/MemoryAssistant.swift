import Foundation

/// A model's answer to a question about a namespace's memory, with the messages it was given.
public struct MemoryAnswer: Sendable, Equatable, Codable {
  public var question: String
  public var answer: String
  public var model: String
  public var sources: [MemoryHit]
  /// Problems that did not stop the answer (embeddings unavailable: keyword retrieval only).
  public var warnings: [String] = []
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
  /// When set, `ask` also retrieves by embedding similarity and fuses both rankings.
  var embedder: (any MemoryEmbedder)?
  /// The most messages embedded in one `ask` (the newest first; the rest on later asks).
  var embedBatchLimit = 2_000

  public init(
    store: MemoryStore, provider: any ChatProvider, model: String, promptBudget: Int = 12_000,
    maxTokens: Int? = nil, embedder: (any MemoryEmbedder)? = nil
  ) {
    self.store = store
    self.provider = provider
    self.model = model
    self.promptBudget = promptBudget
    self.maxTokens = maxTokens
    self.embedder = embedder
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
    var warnings: [String] = []
    var hits = try store.search(namespace: namespace, query: question, limit: k)
    do {
      hits = try await retrieve(namespace: namespace, question: question, k: k, keyword: hits)
    } catch {
      warnings.append("embeddings unavailable, keyword retrieval only: \(error)")
    }
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
      question: question, answer: response.content, model: response.model, sources: used,
      warnings: warnings)
  }

  /// BM25 hits, fused by reciprocal rank with the nearest messages by embedding when an
  /// embedder is set (messages without a vector are embedded first).
  func retrieve(namespace: String, question: String, k: Int, keyword: [MemoryHit]) async throws
    -> [MemoryHit]
  {
    guard let embedder else { return keyword }
    let missing = try store.messagesWithoutVectors(
      namespace: namespace, model: embedder.model, limit: embedBatchLimit)
    if !missing.isEmpty {
      let vectors = try await embedder.embed(missing.map(\.text))
      try store.storeVectors(
        zip(missing, vectors).map { (id: $0.id, vector: $1) }, model: embedder.model)
    }
    guard let query = try await embedder.embed([question]).first else { return keyword }
    let nearest = try store.nearest(
      namespace: namespace, model: embedder.model, to: query, limit: k)
    let fused = Ranking.reciprocalRankFusion([keyword.map(\.message.id), nearest.map(\.id)])
    let known = Dictionary(
      keyword.map { ($0.message.id, $0.message) }, uniquingKeysWith: { a, _ in a })
    return try fused.prefix(k).compactMap { entry in
      guard let message = try known[entry.id] ?? store.message(id: entry.id) else { return nil }
      return MemoryHit(message: message, score: -entry.score)
    }
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
