import CCrypto
import Foundation

/// Recorded model answers on disk, one JSON file per request, named by the SHA-256 of the
/// canonical conversation (the messages), so a fill run can be replayed without a provider.
///
/// The model is kept as recorded data, not hashed: a replay with no provider configured (a fork's
/// pull request without secrets) asks for a different model name than the recording run did, yet
/// must find the same answers; the response carries the model that actually answered.
public struct ChatCassette: Sendable {
  public var directory: String

  public init(directory: String) { self.directory = directory }

  struct Entry: Codable {
    struct Request: Codable {
      var model: String
      var messages: [ChatMessage]
    }
    struct Response: Codable {
      var content: String
      var model: String
      var usage: TokenUsage?
      var finishReason: String?
    }
    var key: String
    var request: Request
    var response: Response
  }

  struct Conversation: Codable {
    var messages: [ChatMessage]
  }

  /// The canonical form of a request: its messages as key-sorted JSON (the model is left out).
  public static func canonical(_ request: ChatRequest) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(Conversation(messages: request.messages))) ?? Data()
  }

  /// The lowercase hex SHA-256 of the canonical request.
  public static func key(for request: ChatRequest) -> String {
    let data = canonical(request)
    var digest = [UInt8](repeating: 0, count: 32)
    var size: UInt32 = 0
    _ = data.withUnsafeBytes { bytes in
      EVP_Digest(bytes.baseAddress, bytes.count, &digest, &size, EVP_sha256(), nil)
    }
    return digest.map { String(format: "%02x", $0) }.joined()
  }

  func path(for key: String) -> String { directory + "/" + key + ".json" }

  /// The recorded answer, nil when there is none.
  public func answer(for request: ChatRequest) throws -> ChatResponse? {
    guard let data = FileManager.default.contents(atPath: path(for: ChatCassette.key(for: request))) else {
      return nil
    }
    let entry = try JSONDecoder().decode(Entry.self, from: data)
    return ChatResponse(
      content: entry.response.content, model: entry.response.model, usage: entry.response.usage,
      finishReason: entry.response.finishReason)
  }

  /// Stores an answer under its request's key.
  public func store(_ response: ChatResponse, for request: ChatRequest) throws {
    let key = ChatCassette.key(for: request)
    let entry = Entry(
      key: key, request: .init(model: request.model, messages: request.messages),
      response: .init(
        content: response.content, model: response.model, usage: response.usage,
        finishReason: response.finishReason))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try encoder.encode(entry).write(to: URL(fileURLWithPath: path(for: key)), options: .atomic)
  }
}

/// A request that the cassette holds no answer for.
public struct ReplayMiss: Error, CustomStringConvertible, Equatable {
  public var key: String
  public var directory: String
  public var description: String {
    "replay: no recorded answer for request \(key) in \(directory) (the prompt or the test output differ from the recording)"
  }
}

/// Answers from a cassette and never calls a model; a request not recorded is an error.
public struct ReplayProvider: ChatProvider {
  public var cassette: ChatCassette
  public var name: String { "replay" }

  public init(directory: String) { cassette = ChatCassette(directory: directory) }

  public func complete(_ request: ChatRequest) async throws -> ChatResponse {
    guard let response = try cassette.answer(for: request) else {
      throw ReplayMiss(key: ChatCassette.key(for: request), directory: cassette.directory)
    }
    return response
  }
}

/// Passes requests to another provider and stores every answer in a cassette.
public struct RecordingProvider: ChatProvider {
  public var base: any ChatProvider
  public var cassette: ChatCassette
  public var name: String { base.name }

  public init(base: any ChatProvider, directory: String) {
    self.base = base
    cassette = ChatCassette(directory: directory)
  }

  public func complete(_ request: ChatRequest) async throws -> ChatResponse {
    let response = try await base.complete(request)
    try cassette.store(response, for: request)
    return response
  }
}
