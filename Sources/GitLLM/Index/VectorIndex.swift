import CCrypto
import Foundation

/// What one embedding pass did.
public struct EmbeddingReport: Sendable, Equatable, Codable {
  public var embedded = 0
  public var cacheHits = 0
  /// Chunks still without a vector (the pass stopped at its deadline).
  public var pending = 0
  public init() {}
}

/// Vectors for chunks, filled from the embedding cache (keyed by the SHA-256 of the chunk text and
/// the model) or the endpoint, so an unchanged chunk is never embedded twice.
public struct VectorIndex {
  let store: IndexStore

  public init(store: IndexStore) { self.store = store }

  /// Gives every chunk a vector for the client's model, stopping between batches at the deadline.
  public func update(client: EmbeddingsClient, deadline: ContinuousClock.Instant? = nil) async throws -> EmbeddingReport {
    let database = store.database
    var report = EmbeddingReport()
    try database.run("DELETE FROM vectors WHERE model <> ?", [.text(client.model)])
    let pending = try database.query(
      "SELECT c.id, c.text FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM vectors v WHERE v.chunk_id = c.id)"
    ).map { (id: $0.int64(0) ?? 0, hash: Self.sha256($0.string(1) ?? ""), text: $0.string(1) ?? "") }
    var misses: [String: (text: String, chunks: [Int64])] = [:]
    var order: [String] = []
    try database.transaction {
      let lookup = try database.prepare("SELECT dim, data FROM embedding_cache WHERE hash = ? AND model = ?")
      let insert = try database.prepare("INSERT OR REPLACE INTO vectors(chunk_id, model, dim, data) VALUES(?, ?, ?, ?)")
      for chunk in pending {
        if let row = try lookup.query([.text(chunk.hash), .text(client.model)]).first {
          try insert.run([.integer(chunk.id), .text(client.model), row[0], row[1]])
          report.cacheHits += 1
        } else {
          if misses[chunk.hash] == nil { order.append(chunk.hash) }
          misses[chunk.hash, default: (chunk.text, [])].chunks.append(chunk.id)
        }
      }
    }
    let clock = ContinuousClock()
    var done = 0
    for start in stride(from: 0, to: order.count, by: client.batchSize) {
      if let deadline, clock.now >= deadline { break }
      let hashes = Array(order[start..<min(start + client.batchSize, order.count)])
      let vectors = try await client.embed(hashes.map { misses[$0]!.text })
      try database.transaction {
        for (hash, vector) in zip(hashes, vectors) {
          let blob = SQLValue.blob(Ranking.blob(vector))
          try database.run(
            "INSERT OR REPLACE INTO embedding_cache(hash, model, dim, data) VALUES(?, ?, ?, ?)",
            [.text(hash), .text(client.model), .integer(Int64(vector.count)), blob])
          for id in misses[hash]!.chunks {
            try database.run(
              "INSERT OR REPLACE INTO vectors(chunk_id, model, dim, data) VALUES(?, ?, ?, ?)",
              [.integer(id), .text(client.model), .integer(Int64(vector.count)), blob])
            report.embedded += 1
          }
        }
      }
      done += hashes.count
    }
    report.pending = order[done...].reduce(0) { $0 + misses[$1]!.chunks.count }
    return report
  }

  /// Chunk ids by cosine similarity to a query vector, best first.
  public func nearest(to query: [Float], model: String, limit: Int) throws -> [Int64] {
    let scored = try store.database.query("SELECT chunk_id, data FROM vectors WHERE model = ?", [.text(model)])
      .map { (id: $0.int64(0) ?? 0, score: Ranking.cosine(query, Ranking.vector($0.data(1) ?? Data()))) }
    return scored.sorted { $0.score > $1.score }.prefix(limit).map(\.id)
  }

  /// Whether any chunk has a vector for the model.
  public func hasVectors(model: String) throws -> Bool {
    try !store.database.query("SELECT 1 FROM vectors WHERE model = ? LIMIT 1", [.text(model)]).isEmpty
  }

  /// Lowercase hex SHA-256 of the text's UTF-8 bytes (libcrypto).
  static func sha256(_ text: String) -> String {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBufferPointer { buffer in
      EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
    }
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    var output: [UInt8] = []
    for byte in digest.prefix(Int(length)) {
      output.append(hex[Int(byte >> 4)])
      output.append(hex[Int(byte & 15)])
    }
    return String(decoding: output, as: UTF8.self)
  }
}
