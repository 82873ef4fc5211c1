import Foundation

/// A message found by a search, with its score: BM25 as SQLite reports it, or the negated
/// reciprocal-rank fusion score when vectors took part; lower is better either way.
public struct MemoryHit: Sendable, Equatable, Codable {
  public var message: MemoryMessage
  public var score: Double
}

extension MemoryStore {
  /// The namespace's messages most relevant to `query` by BM25 over their text.
  /// - Returns: up to `limit` hits, best first; none when the query has no searchable words.
  public func search(namespace: String, query: String, limit: Int = 8) throws -> [MemoryHit] {
    guard let match = FullTextQuery.match(for: query) else { return [] }
    let columns = Self.columns.split(separator: ",").map {
      "m." + $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    .joined(separator: ", ")
    let rows = try database.query(
      """
      SELECT \(columns), bm25(messages_fts) AS score
      FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
      WHERE messages_fts MATCH ? AND m.namespace = ?
      ORDER BY score LIMIT ?
      """,
      [match, namespace, max(1, limit)] as [any SQLBindable])
    return rows.map { MemoryHit(message: Self.message($0), score: $0.double(11) ?? 0) }
  }
}

/// Turns a question in plain words into an FTS5 query: each word quoted (so FTS5 syntax in the
/// text cannot break the query), common words dropped, any word may match (BM25 ranks).
enum FullTextQuery {
  static let stopWords: Set<String> = [
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do",
    "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its",
    "me", "my", "no", "not", "of", "on", "or", "our", "so", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "to", "was", "we", "were", "what", "when", "where",
    "which", "who", "why", "will", "with", "would", "you", "your",
  ]

  static func words(_ text: String) -> [String] {
    var words: [String] = []
    var current = ""
    for character in text.lowercased() {
      if character.isLetter || character.isNumber || character == "_" {
        current.append(character)
      } else if !current.isEmpty {
        words.append(current)
        current = ""
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  static func match(for text: String) -> String? {
    var seen: Set<String> = []
    let all = words(text).filter { seen.insert($0).inserted }
    let kept = all.filter { !stopWords.contains($0) }
    let terms = kept.isEmpty ? all : kept
    guard !terms.isEmpty else { return nil }
    return terms.map { "\"\($0)\"" }.joined(separator: " OR ")
  }
}
