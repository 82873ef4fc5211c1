import Foundation

/// A publish that Pub/Sub refused, with Google's own message.
public struct PubSubError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// Pub/Sub's REST API: `POST /v1/projects/{project}/topics/{topic}:publish`; plain HTTP without
/// auth against the emulator (`PUBSUB_EMULATOR_HOST`).
struct PubSubRESTTransport: PubSubTransport {
  var endpoint: String
  var project: String
  var topic: String
  var auth: GoogleAuth
  var http: any HTTPClient
  var requestTimeout: Duration = .seconds(30)

  /// Builds the transport from settings; nil when no project or topic is configured.
  static func make(
    settings: Settings, http: any HTTPClient,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> PubSubRESTTransport? {
    guard var topic = settings["pubsub.topic"], !topic.isEmpty else { return nil }
    var project = settings["pubsub.project"] ?? ""
    // A full name (projects/P/topics/T) carries its own project.
    let parts = topic.split(separator: "/").map(String.init)
    if parts.count == 4, parts[0] == "projects", parts[2] == "topics" {
      project = parts[1]
      topic = parts[3]
    }
    guard !project.isEmpty else { return nil }
    let emulator = settings["pubsub.emulatorHost"].flatMap { $0.isEmpty ? nil : $0 }
    let endpoint =
      emulator.map { $0.contains("://") ? $0 : "http://\($0)" } ?? "https://pubsub.googleapis.com"
    let source = try GoogleAuthSource.resolve(settings: settings, environment: environment)
    return PubSubRESTTransport(
      endpoint: endpoint, project: project, topic: topic,
      auth: GoogleAuth(source: source, http: http), http: http)
  }

  var publishURL: String { "\(endpoint)/v1/projects/\(project)/topics/\(topic):publish" }

  func publish(_ batch: PubSubBatch, deadline: ContinuousClock.Instant) async throws {
    let remaining = { min(requestTimeout, max(.milliseconds(1), deadline - ContinuousClock.now)) }
    var headers = [HTTPHeader("Content-Type", "application/json")]
    if let authorization = try await auth.authorization(until: remaining()) {
      headers.append(HTTPHeader("Authorization", authorization))
    }
    let request = HTTPRequest(
      method: "POST", url: publishURL, headers: headers, body: batch.body,
      timeout: remaining(), connectTimeout: .seconds(3))
    let retry = RetryPolicy(
      maxAttempts: 3, baseDelay: .milliseconds(200), maxDelay: .seconds(2), deadline: remaining())
    let response = try await http.send(request, retry: retry)
    guard response.isSuccess else {
      let message = JSONValue.errorText(response.body) ?? String(response.text.prefix(300))
      throw PubSubError(
        message:
          "Pub/Sub publish to \(project)/\(topic) failed (HTTP \(response.status)): \(message)")
    }
    let ids = (try? JSONValue.object(response.body))?["messageIds"] as? [String] ?? []
    guard ids.count == batch.recordIDs.count else {
      throw PubSubError(
        message: "Pub/Sub acknowledged \(ids.count) of \(batch.recordIDs.count) messages")
    }
  }
}
