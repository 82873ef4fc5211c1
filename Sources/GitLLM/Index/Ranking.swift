import Foundation

/// Score arithmetic for retrieval: reciprocal-rank fusion, cosine similarity, the path boost.
public enum Ranking {
  /// Reciprocal-rank fusion: each list adds 1/(k + rank) (rank from 1) to an id's score; ids
  /// sorted by fused score, ties by first appearance.
  public static func reciprocalRankFusion<ID: Hashable>(_ lists: [[ID]], k: Double = 60) -> [(id: ID, score: Double)] {
    var scores: [ID: Double] = [:]
    var order: [ID] = []
    for list in lists {
      for (rank, id) in list.enumerated() {
        if scores[id] == nil { order.append(id) }
        scores[id, default: 0] += 1 / (k + Double(rank + 1))
      }
    }
    let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
    return order.map { (id: $0, score: scores[$0]!) }
      .sorted { $0.score != $1.score ? $0.score > $1.score : position[$0.id]! < position[$1.id]! }
  }

  /// Cosine similarity of two vectors; 0 when either is zero or their lengths differ.
  public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count, !a.isEmpty else { return 0 }
    var dot: Float = 0
    var normA: Float = 0
    var normB: Float = 0
    for index in a.indices {
      dot += a[index] * b[index]
      normA += a[index] * a[index]
      normB += b[index] * b[index]
    }
    guard normA > 0, normB > 0 else { return 0 }
    return dot / (normA.squareRoot() * normB.squareRoot())
  }

  /// A vector as the little-endian Float32 blob stored in `vectors.data`.
  public static func blob(_ vector: [Float]) -> Data {
    var data = Data(capacity: vector.count * 4)
    for value in vector {
      withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
    }
    return data
  }

  /// The vector stored in a Float32 blob; trailing bytes that do not make a float are ignored.
  public static func vector(_ blob: Data) -> [Float] {
    let bytes = [UInt8](blob)
    return stride(from: 0, to: bytes.count - bytes.count % 4, by: 4).map { offset in
      let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
        | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
      return Float(bitPattern: bits)
    }
  }

  /// Multiplier for a hit whose file name (without extension) or folder names match query terms:
  /// 1 + 0.5 per matching path part, at most 2.
  public static func pathBoost(path: String, queryTerms: [String]) -> Double {
    guard !queryTerms.isEmpty else { return 1 }
    var names = Set<String>()
    for component in path.split(separator: "/") {
      let stem = String(component.split(separator: ".").first ?? component)
      names.insert(stem.lowercased())
      for part in Terms.parts(of: stem) where part.count > 2 { names.insert(part) }
    }
    let hits = Set(queryTerms).intersection(names).count
    return min(1 + 0.5 * Double(hits), 2)
  }
}
