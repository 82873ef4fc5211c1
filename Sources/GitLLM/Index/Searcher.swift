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
  /// Set when the chunk is from a code summary: the source file it describes.
  public var summaryOf: String?

  /// `path:start-end`, as printed under "Sources:".
  public var location: String { "\(path):\(startLine)-\(endLine)" }

  /// The location, saying which source a summary describes.
  public var label: String { summaryOf.map { "\(location) (summary of \($0))" } ?? location }
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
    // Rank inside FTS5 first, then fetch only the winners' rows: joining before the sort would
    // read the text of every match.
    let rows = try store.database.query(
      """
      SELECT c.id, c.path, c.start_line, c.end_line, r.rank, c.text
      FROM (SELECT rowid, bm25(chunks_fts, \(weights.path), \(weights.text), \(weights.terms)) AS rank
            FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?) AS r
      JOIN chunks c ON c.id = r.rowid ORDER BY r.rank
      """, [.text(match), .integer(Int64(max(limit * 4, 40)))])
    let hits = rows.map { row -> SearchHit in
      let path = row.string(1) ?? ""
      let text = row.string(5) ?? ""
      // bm25() is negative, more negative is better.
      let score = -(row.double(4) ?? 0) * Ranking.pathBoost(path: path, queryTerms: terms)
      return SearchHit(
        chunkID: row.int64(0) ?? 0, path: path, startLine: row.int(2) ?? 0, endLine: row.int(3) ?? 0,
        score: score, snippet: "", text: text)
    }
    // Snippets only for what is returned: they cost more than the query.
    return hits.sorted { $0.score > $1.score }.prefix(limit).map { hit in
      var hit = hit
      hit.snippet = Self.snippet(hit.text, terms: terms)
      return hit
    }
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

  /// Up to three lines around the line holding the most query terms (the first lines when none
  /// match); ASCII case-insensitive, on bytes.
  static func snippet(_ text: String, terms: [String]) -> String {
    let bytes = Array(text.utf8)
    var lines: [Range<Int>] = []
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == 10 {
      lines.append(start..<index)
      start = index + 1
    }
    lines.append(start..<bytes.count)
    let needles = terms.map { Array($0.utf8) }.filter { !$0.isEmpty }
    var best = (line: 0, count: 0)
    for (number, line) in lines.enumerated() {
      let count = needles.reduce(0) { $0 + (contains(bytes[line], $1) ? 1 : 0) }
      if count > best.count { best = (number, count) }
    }
    var first = best.count > 0 ? max(0, best.line - 1) : 0
    while first < best.line, bytes[lines[first]].allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { first += 1 }
    return lines[first..<min(lines.count, first + 3)].map { line in
      let text = String(decoding: bytes[line], as: UTF8.self)
      return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }.joined(separator: "\n")
  }

  // Whether `haystack` holds `needle` (lowercase), ignoring ASCII case.
  private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
    guard haystack.count >= needle.count else { return false }
    var index = haystack.startIndex
    let last = haystack.endIndex - needle.count
    while index <= last {
      var offset = 0
      while offset < needle.count, Terms.lowercased(haystack[index + offset]) == needle[offset] { offset += 1 }
      if offset == needle.count { return true }
      index += 1
    }
    return false
  }
}
