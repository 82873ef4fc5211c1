import Foundation
import Testing
@testable import GitLLM

/// Embeddings through a loopback OpenAI-compatible /v1/embeddings server.
@Suite struct EmbeddingsTests {
  struct Request: Decodable { var model: String; var input: [String] }

  /// A bag-of-words vector: each word adds one to a bucket picked by its bytes.
  static func vector(_ text: String) -> [Float] {
    var vector = [Float](repeating: 0, count: 16)
    for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
      vector[word.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xffff } % 16] += 1
    }
    return vector
  }

  static func server() throws -> LoopbackHTTPServer {
    try LoopbackHTTPServer { request in
      guard request.path == "/v1/embeddings", let body = try? request.decode(Request.self) else {
        return .status(404)
      }
      if request.header("Authorization") != "Bearer sk-test" { return .status(401, body: "bad key") }
      let items = body.input.enumerated().map { index, text in
        "{\"index\": \(index), \"embedding\": [\(vector(text).map { String($0) }.joined(separator: ","))]}"
      }
      return .json("{\"object\": \"list\", \"data\": [\(items.joined(separator: ","))]}")
    }
  }

  static func inputs(_ server: LoopbackHTTPServer) throws -> [[String]] {
    try server.requests.map { try $0.decode(Request.self).input }
  }

  @Test func unchangedChunksAreNeverEmbeddedTwice() async throws {
    let server = try Self.server()
    let client = EmbeddingsClient(baseURL: server.url("/v1"), model: "toy", apiKey: "sk-test", retry: .none, batchSize: 4)
    let repo = try SearchTests.makeFixture()
    try repo.runIndexer()
    let store = try IndexStore(path: "\(repo.path)/.git/llm/index.sqlite")
    let chunks = try store.chunkCount()
    let first = try await VectorIndex(store: store).update(client: client)
    #expect(first.embedded == chunks && first.cacheHits == 0 && first.pending == 0)
    #expect(try Self.inputs(server).allSatisfy { $0.count <= 4 })
    #expect(server.requests.count == (chunks + 3) / 4)
    #expect(try Self.inputs(server).flatMap { $0 }.count == chunks)
    #expect(try await VectorIndex(store: store).update(client: client) == EmbeddingReport())

    // A changed file: its chunk is new text; a renamed file keeps its chunk ids and vectors.
    try repo.write("station/report.py", "def build_weekly_report(readings):\n    return readings\n")
    try repo.git("mv", "docs/calibration.md", "docs/calibrating.md")
    try repo.commit("change")
    try repo.runIndexer()
    let before = server.requests.count
    let second = try await VectorIndex(store: store).update(client: client)
    #expect(second.embedded == 1 && second.cacheHits == 0)
    #expect(try Self.inputs(server)[before...].flatMap { $0 } == ["def build_weekly_report(readings):\n    return readings"])

    // Back to the old text: the cache answers, no request.
    try repo.git("revert", "--no-edit", "HEAD")
    try repo.runIndexer()
    let count = server.requests.count
    let third = try await VectorIndex(store: store).update(client: client)
    #expect(third.cacheHits == 1 && third.embedded == 0 && server.requests.count == count)
  }

  @Test func retrievalFusesVectorsWithKeywords() async throws {
    let server = try Self.server()
    let client = EmbeddingsClient(baseURL: server.url("/v1/"), model: "toy", apiKey: "sk-test", retry: .none)
    let repo = try SearchTests.makeFixture()
    try repo.runIndexer()
    let store = try IndexStore(path: "\(repo.path)/.git/llm/index.sqlite")
    _ = try await VectorIndex(store: store).update(client: client)
    let requests = server.requests.count
    let hits = try await Retriever(store: store, embeddings: client).retrieve("calibrate sensors ice bath", limit: 3)
    #expect(server.requests.count == requests + 1)  // the query's embedding
    #expect(hits.first?.path == "docs/calibration.md")
    let keywordOnly = try Searcher(store: store).keywordSearch("calibrate sensors ice bath", limit: 3)
    #expect(hits.first!.score != keywordOnly.first!.score)  // fused reciprocal-rank scores
    #expect(abs(hits.first!.score - 2.0 / 61) < 1e-9)
  }

  @Test func refusalsCarryTheStatusAndBody() async throws {
    let server = try Self.server()
    let client = EmbeddingsClient(baseURL: server.url("/v1"), model: "toy", apiKey: "wrong", retry: .none)
    await #expect(throws: EmbeddingsError.refused(status: 401, message: "bad key")) {
      _ = try await client.embed(["x"])
    }
  }

  @Test func configuredOnlyWhenAModelIsSet() throws {
    #expect(EmbeddingsClient.configured(try Settings.load(repository: nil, environment: [:])) == nil)
    let settings = try Settings.load(
      repository: nil, environment: [:],
      flags: ["embeddings.model": "nomic", "embeddings.baseURL": "http://127.0.0.1:1/v1"])
    let client = try #require(EmbeddingsClient.configured(settings))
    #expect(client.model == "nomic" && client.endpoint == "http://127.0.0.1:1/v1/embeddings")
  }

  @Test func sha256MatchesKnownDigests() {
    #expect(VectorIndex.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(VectorIndex.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }
}
