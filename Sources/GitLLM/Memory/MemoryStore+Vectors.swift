import Foundation

/// Turns texts into embedding vectors (an OpenAI-compatible `/v1/embeddings` client in the
/// product, a double in tests).
public protocol MemoryEmbedder: Sendable {
  /// The embedding model's name; vectors of different models are never compared.
  var model: String { get }
  func embed(_ texts: [String]) async throws -> [[Float]]
}

extension MemoryStore {
  static let vectorMigration = Migration(
    version: 3,
    sql: """
      CREATE TABLE message_vectors (
        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        dim INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      """)

  /// The namespace's newest messages that have no vector for `model` yet.
  func messagesWithoutVectors(namespace: String, model: String, limit: Int) throws
    -> [MemoryMessage]
  {
    let columns = Self.columns.split(separator: ",")
      .map { "m." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")
    return try database.query(
      """
      SELECT \(columns) FROM messages m LEFT JOIN message_vectors v
        ON v.message_id = m.id AND v.model = ?
      WHERE m.namespace = ? AND v.message_id IS NULL ORDER BY m.id DESC LIMIT ?
      """, [model, namespace, limit] as [any SQLBindable]
    ).map(Self.message)
  }

  /// Stores (or replaces) the vectors of messages, in one transaction.
  func storeVectors(_ vectors: [(id: Int64, vector: [Float])], model: String) throws {
    let insert = try database.prepare(
      "INSERT OR REPLACE INTO message_vectors (message_id, model, dim, data) VALUES (?, ?, ?, ?)")
    try database.transaction {
      for (id, vector) in vectors {
        try insert.run([id, model, vector.count, Ranking.blob(vector)] as [any SQLBindable])
      }
    }
  }

  /// The namespace's messages nearest to `query` by cosine similarity, best first.
  func nearest(namespace: String, model: String, to query: [Float], limit: Int) throws
    -> [(id: Int64, similarity: Float)]
  {
    let scan = try database.prepare(
      """
      SELECT v.message_id, v.data FROM message_vectors v JOIN messages m ON m.id = v.message_id
      WHERE m.namespace = ? AND v.model = ? AND v.dim = ?
      """)
    try scan.bind(([namespace, model, query.count] as [any SQLBindable]).map(\.sqlValue))
    defer { scan.reset() }
    var best: [(id: Int64, similarity: Float)] = []
    while let row = try scan.step() {
      guard let id = row.int64(0), let data = row.data(1) else { continue }
      best.append((id, Ranking.cosine(query, Ranking.vector(data))))
      if best.count > limit * 4 {  // keep the scan's memory bounded
        best = Array(best.sorted { $0.similarity > $1.similarity }.prefix(limit))
      }
    }
    return Array(best.sorted { $0.similarity > $1.similarity }.prefix(limit))
  }

  /// One message by id.
  func message(id: Int64) throws -> MemoryMessage? {
    try database.query("SELECT \(Self.columns) FROM messages WHERE id = ?", [id]).first
      .map(Self.message)
  }
}

/// The configured OpenAI-compatible embeddings endpoint (`embeddings.*` settings).
extension EmbeddingsClient: MemoryEmbedder {}
