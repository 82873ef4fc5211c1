import Foundation

/// An OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, vLLM, llama.cpp server…).
public struct EmbeddingsClient: Sendable {
  /// Up to and including the version segment, e.g. `https://api.openai.com/v1`.
  public var baseURL: String
  public var model: String
  public var apiKey: String?
  public var http: any HTTPClient
  public var retry: RetryPolicy
  /// Texts per request.
  public var batchSize: Int

  public static let defaultBaseURL = "https://api.openai.com/v1"

  public init(
    baseURL: String = EmbeddingsClient.defaultBaseURL, model: String, apiKey: String? = nil,
    http: any HTTPClient = CurlHTTPClient(), retry: RetryPolicy = .default, batchSize: Int = 64
  ) {
    self.baseURL = baseURL
    self.model = model
    self.apiKey = apiKey
    self.http = http
    self.retry = retry
    self.batchSize = max(batchSize, 1)
  }

  /// The client the settings describe (`embeddings.model`, `embeddings.baseURL`, `embeddings.apiKey`,
  /// falling back to `llm.baseURL`); nil when `embeddings.model` is unset: keyword retrieval only.
  public static func configured(_ settings: Settings, http: any HTTPClient = CurlHTTPClient()) -> EmbeddingsClient? {
    guard let model = settings["embeddings.model"], !model.isEmpty else { return nil }
    let base = settings["embeddings.baseURL"] ?? settings["llm.baseURL"] ?? defaultBaseURL
    let key = settings["embeddings.apiKey"] ?? settings["llm.apiKey"]
    return EmbeddingsClient(baseURL: base, model: model, apiKey: key, http: http)
  }

  var endpoint: String {
    var base = baseURL
    while base.hasSuffix("/") { base.removeLast() }
    return base + "/embeddings"
  }

  /// One vector per text, in order; sends `batchSize` texts per request, retrying as the policy says.
  /// - Throws: `EmbeddingsError` for a refused or malformed answer, `HTTPError` for the network.
  public func embed(_ texts: [String]) async throws -> [[Float]] {
    var vectors: [[Float]] = []
    vectors.reserveCapacity(texts.count)
    for start in stride(from: 0, to: texts.count, by: batchSize) {
      let batch = Array(texts[start..<min(start + batchSize, texts.count)])
      vectors.append(contentsOf: try await embedBatch(batch))
    }
    return vectors
  }

  private func embedBatch(_ texts: [String]) async throws -> [[Float]] {
    var headers = [HTTPHeader(name: "Content-Type", value: "application/json")]
    if let apiKey, !apiKey.isEmpty { headers.append(HTTPHeader(name: "Authorization", value: "Bearer \(apiKey)")) }
    let body = try JSONEncoder().encode(EmbeddingsRequest(model: model, input: texts))
    let request = HTTPRequest(method: "POST", url: endpoint, headers: headers, body: body)
    let response = try await http.send(request, retry: retry)
    guard (200..<300).contains(response.status) else {
      throw EmbeddingsError.refused(status: response.status, message: String(response.text.prefix(500)))
    }
    let decoded: EmbeddingsResponse
    do {
      decoded = try JSONDecoder().decode(EmbeddingsResponse.self, from: response.body)
    } catch {
      throw EmbeddingsError.malformed("cannot decode the embeddings response: \(error)")
    }
    guard decoded.data.count == texts.count else {
      throw EmbeddingsError.malformed("asked for \(texts.count) embeddings, got \(decoded.data.count)")
    }
    return decoded.data.sorted { ($0.index ?? 0) < ($1.index ?? 0) }.map(\.embedding)
  }
}

/// An embeddings endpoint's refusal or an answer we cannot read.
public enum EmbeddingsError: Error, CustomStringConvertible, Equatable {
  case refused(status: Int, message: String)
  case malformed(String)

  public var description: String {
    switch self {
    case .refused(let status, let message): "embeddings endpoint answered \(status): \(message)"
    case .malformed(let message): message
    }
  }
}

private struct EmbeddingsRequest: Encodable {
  var model: String
  var input: [String]
}

private struct EmbeddingsResponse: Decodable {
  struct Item: Decodable {
    var embedding: [Float]
    var index: Int?
  }
  var data: [Item]
}
