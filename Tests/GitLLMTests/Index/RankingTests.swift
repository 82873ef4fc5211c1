import Foundation
import Testing
@testable import GitLLM

@Suite struct RankingTests {
  @Test func reciprocalRankFusionRewardsAgreement() {
    let fused = Ranking.reciprocalRankFusion([["a", "b", "c"], ["c", "b", "d"]])
    // c: 1/63 + 1/61 edges out b: 1/62 + 1/62; both beat a and d, seen in one list only.
    #expect(fused.map(\.id) == ["c", "b", "a", "d"])
    #expect(abs(fused[0].score - (1.0 / 63 + 1.0 / 61)) < 1e-12)
    let single = Ranking.reciprocalRankFusion([["x", "y"]], k: 60)
    #expect(single.map(\.id) == ["x", "y"] && abs(single[0].score - 1.0 / 61) < 1e-12)
  }

  @Test func cosineSimilarityAndFloatBlobsRoundTrip() {
    #expect(abs(Ranking.cosine([1, 0], [1, 0]) - 1) < 1e-6)
    #expect(abs(Ranking.cosine([1, 0], [0, 2])) < 1e-6)
    #expect(abs(Ranking.cosine([1, 1], [-1, -1]) + 1) < 1e-6)
    #expect(Ranking.cosine([1], [1, 2]) == 0)
    let vector: [Float] = [0.5, -1.25, 3e-7, 42]
    let blob = Ranking.blob(vector)
    #expect(blob.count == 16 && blob.prefix(4) == Data([0, 0, 0, 0x3f]))
    #expect(Ranking.vector(blob) == vector)
  }

  @Test func pathBoostForFileAndFolderNames() {
    #expect(Ranking.pathBoost(path: "Sources/Index/Chunker.swift", queryTerms: ["chunker"]) == 1.5)
    #expect(Ranking.pathBoost(path: "src/HTTPClient.swift", queryTerms: ["http", "client", "src"]) == 2)
    #expect(Ranking.pathBoost(path: "src/a.py", queryTerms: ["chunker"]) == 1)
  }
}
