/// One retrieved chunk.
public struct SearchHit: Sendable, Equatable, Codable {
  public var chunkID: Int64
  public var path: String
  public var startLine: Int
  public var endLine: Int
  /// Higher is better: BM25 times the path boost, or the fused reciprocal-rank score.
  public var score: Double
  /// The lines that match best, for a one-glance view.
  public var snippet: String
  public var text: String

  /// `path:start-end`, as printed under "Sources:".
  public var location: String { "\(path):\(startLine)-\(endLine)" }
}

/// Keyword retrieval (FTS5 BM25 with column weights and a path boost), optionally fused by
/// reciprocal rank with a vector ranking.
public struct Searcher {
  let store: IndexStore

  public init(store: IndexStore) { self.store = store }

  /// The best `limit` chunks for a query by keywords alone.
  public func keywordSearch(_ query: String, limit: Int) throws -> [SearchHit] {
    guard let match = Terms.matchExpression(for: query), limit > 0 else { return [] }
    let terms = Terms.queryTerms(query)
    let weights = IndexSchema.bm25Weights
    let rows = try store.database.query(
      """
      SELECT c.id, c.path, c.start_line, c.end_line, bm25(chunks_fts, \(weights.path), \(weights.text), \(weights.terms)) AS rank, c.text
      FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
      WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?
      """, [.text(match), .integer(Int64(max(limit * 4, 40)))])
    let hits = rows.map { row -> SearchHit in
      let path = row.string(1) ?? ""
      let text = row.string(5) ?? ""
      // bm25() is negative, more negative is better.
      let score = -(row.double(4) ?? 0) * Ranking.pathBoost(path: path, queryTerms: terms)
      return SearchHit(
        chunkID: row.int64(0) ?? 0, path: path, startLine: row.int(2) ?? 0, endLine: row.int(3) ?? 0,
        score: score, snippet: Self.snippet(text, terms: terms), text: text)
    }
    return Array(hits.sorted { $0.score > $1.score }.prefix(limit))
  }

  /// Keyword hits fused with a vector ranking (chunk ids, best first) by reciprocal rank.
  public func fuse(keyword: [SearchHit], vector: [Int64], limit: Int) throws -> [SearchHit] {
    let fused = Ranking.reciprocalRankFusion([keyword.map(\.chunkID), vector])
    var known = Dictionary(keyword.map { ($0.chunkID, $0) }, uniquingKeysWith: { a, _ in a })
    let missing = vector.filter { known[$0] == nil }
    if !missing.isEmpty {
      let marks = missing.map { _ in "?" }.joined(separator: ",")
      for row in try store.database.query(
        "SELECT id, path, start_line, end_line, text FROM chunks WHERE id IN (\(marks))", missing.map { .integer($0) })
      {
        let text = row.string(4) ?? ""
        known[row.int64(0) ?? 0] = SearchHit(
          chunkID: row.int64(0) ?? 0, path: row.string(1) ?? "", startLine: row.int(2) ?? 0,
          endLine: row.int(3) ?? 0, score: 0, snippet: Self.snippet(text, terms: []), text: text)
      }
    }
    return fused.prefix(limit).compactMap { entry in
      guard var hit = known[entry.id] else { return nil }
      hit.score = entry.score
      return hit
    }
  }

  /// Up to three lines holding the most query terms (the first lines when none match).
  static func snippet(_ text: String, terms: [String]) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let scored = lines.enumerated().map { index, line -> (Int, Int) in
      let lower = line.lowercased()
      return (index, terms.reduce(0) { $0 + (lower.contains($1) ? 1 : 0) })
    }
    let best = scored.max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }
    let center = (best?.1 ?? 0) > 0 ? best!.0 : 0
    let start = max(0, center - (center > 0 ? 1 : 0))
    return lines[start..<min(lines.count, start + 3)]
      .map { $0.count > 160 ? String($0.prefix(160)) + "…" : String($0) }
      .joined(separator: "\n")
  }
}
