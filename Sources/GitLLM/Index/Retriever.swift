/// Retrieval for `search` and `ask`: keywords always, fused with vectors when embeddings are
/// configured and the index has vectors for the model.
public struct Retriever {
  let store: IndexStore
  let embeddings: EmbeddingsClient?
  let summaries: SummaryLayout?

  /// With `summaries`, chunks of summary files are labelled with the source they describe.
  public init(store: IndexStore, embeddings: EmbeddingsClient? = nil, summaries: SummaryLayout? = nil) {
    self.store = store
    self.embeddings = embeddings
    self.summaries = summaries
  }

  /// The best `limit` chunks for a query.
  public func retrieve(_ query: String, limit: Int) async throws -> [SearchHit] {
    var hits = try await rank(query, limit: limit)
    if let summaries {
      for index in hits.indices { hits[index].summaryOf = summaries.source(forSummaryPath: hits[index].path) }
    }
    return hits
  }

  func rank(_ query: String, limit: Int) async throws -> [SearchHit] {
    let searcher = Searcher(store: store)
    let vectors = VectorIndex(store: store)
    guard let embeddings, try vectors.hasVectors(model: embeddings.model) else {
      return try searcher.keywordSearch(query, limit: limit)
    }
    let keyword = try searcher.keywordSearch(query, limit: max(limit, 20))
    guard let queryVector = try await embeddings.embed([query]).first else { return Array(keyword.prefix(limit)) }
    let nearest = try vectors.nearest(to: queryVector, model: embeddings.model, limit: max(limit, 20))
    return try searcher.fuse(keyword: keyword, vector: nearest, limit: limit)
  }
}

/// Answers a question from retrieved passages with a chat provider.
public enum Asker {
  static let instructions = """
    You answer questions about a software repository using only the passages provided. \
    Cite the passages you use as path:lines. If the passages do not contain the answer, say so.
    """

  /// The conversation sent to the model: instructions, then the passages and the question.
  public static func messages(question: String, hits: [SearchHit]) -> [ChatMessage] {
    var context = ""
    for hit in hits {
      context += "--- \(hit.label)\n\(hit.text)\n\n"
    }
    return [
      .system(instructions),
      .user("Passages from the repository:\n\n\(context)Question: \(question)"),
    ]
  }

  /// Streams the provider's answer to `onDelta` and returns it whole.
  public static func answer(
    question: String, hits: [SearchHit], provider: any ChatProvider, model: String, maxTokens: Int? = nil,
    onDelta: @escaping @Sendable (String) -> Void
  ) async throws -> ChatResponse {
    let request = ChatRequest(model: model, messages: messages(question: question, hits: hits), maxTokens: maxTokens)
    return try await provider.stream(request, onDelta: onDelta)
  }

  /// "Sources:" lines, one location per retrieved chunk, in rank order.
  public static func sources(_ hits: [SearchHit]) -> String {
    (["Sources:"] + hits.map { "  \($0.label)" }).joined(separator: "\n")
  }
}
