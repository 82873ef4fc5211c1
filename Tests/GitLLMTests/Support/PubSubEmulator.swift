import Foundation

@testable import GitLLM

/// Google's Pub/Sub emulator, started once per test process by ci/pubsub-emulator (lazily, on
/// first use) and killed when the process exits. Each test uses its own topic.
final class PubSubEmulator: Sendable {
  let host: String  // 127.0.0.1:PORT
  let stateDirectory: String
  private static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  static let shared: Result<PubSubEmulator, any Error> = Result { try PubSubEmulator.start() }

  /// The shared emulator; throws when it cannot start (no Java, no emulator installed).
  static func instance() throws -> PubSubEmulator { try shared.get() }

  private init(host: String, stateDirectory: String) {
    self.host = host
    self.stateDirectory = stateDirectory
  }

  private static func start() throws -> PubSubEmulator {
    let state = FileManager.default.temporaryDirectory.path + "/git-llm-emulator-\(getpid())"
    let script = repoRoot + "/ci/pubsub-emulator"
    let result = try Subprocess.run("/bin/bash", [script, "start", state])
    guard result.status == 0 else {
      throw CommandFailure(command: "ci/pubsub-emulator start", result: result)
    }
    let emulator = PubSubEmulator(
      host: result.stdout.trimmingCharacters(in: .whitespacesAndNewlines), stateDirectory: state)
    stopAtExit(script: script, state: state)
    return emulator
  }

  private static func stopAtExit(script: String, state: String) {
    let pidText = (try? String(contentsOfFile: state + "/pid", encoding: .utf8)) ?? ""
    PubSubEmulatorExit.pid = Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    atexit {
      // The emulator runs in its own session: kill the whole group.
      if PubSubEmulatorExit.pid > 0 { kill(-PubSubEmulatorExit.pid, SIGKILL) }
    }
  }

  var baseURL: String { "http://\(host)" }

  /// Creates a fresh topic and a pull subscription on it; returns the topic name.
  func makeTopic(project: String = "test-project", _ label: String = "traffic") async throws
    -> String
  {
    let topic = "\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    try await call("PUT", "/v1/projects/\(project)/topics/\(topic)", body: "{}")
    try await call(
      "PUT", "/v1/projects/\(project)/subscriptions/\(topic)-sub",
      body: #"{"topic":"projects/\#(project)/topics/\#(topic)","ackDeadlineSeconds":60}"#)
    return topic
  }

  struct Received {
    var data: Data
    var attributes: [String: String]
  }

  /// Pulls (and acknowledges) until `count` messages arrived or nothing more comes; with `drain`,
  /// goes on until the subscription is empty (to catch duplicates too).
  func pull(
    project: String = "test-project", topic: String, atLeast count: Int, drain: Bool = false
  ) async throws -> [Received] {
    var received: [Received] = []
    var emptyPulls = 0
    // The emulator may answer a pull with nothing while messages remain: allow a few empty pulls.
    while received.count < count || drain, emptyPulls < (received.count < count ? 10 : 3) {
      let response = try await call(
        "POST", "/v1/projects/\(project)/subscriptions/\(topic)-sub:pull",
        body: #"{"maxMessages":1000,"returnImmediately":true}"#)
      let messages =
        (try JSONValue.object(response.body)["receivedMessages"] as? [[String: Any]]) ?? []
      if messages.isEmpty {
        emptyPulls += 1
        try await Task.sleep(for: .milliseconds(100))
      } else {
        emptyPulls = 0
      }
      var ackIDs: [String] = []
      for item in messages {
        guard let message = item["message"] as? [String: Any] else { continue }
        let data = Data(base64Encoded: message["data"] as? String ?? "") ?? Data()
        received.append(
          Received(data: data, attributes: message["attributes"] as? [String: String] ?? [:]))
        if let ackID = item["ackId"] as? String { ackIDs.append(ackID) }
      }
      if !ackIDs.isEmpty {
        let body = try JSONSerialization.data(withJSONObject: ["ackIds": ackIDs])
        try await call(
          "POST", "/v1/projects/\(project)/subscriptions/\(topic)-sub:acknowledge",
          body: String(decoding: body, as: UTF8.self))
      }
    }
    return received
  }

  @discardableResult
  func call(_ method: String, _ path: String, body: String) async throws -> HTTPResponse {
    let request = HTTPRequest(
      method: method, url: baseURL + path,
      headers: [HTTPHeader("Content-Type", "application/json")],
      body: Data(body.utf8), timeout: .seconds(30))
    let response = try await CurlHTTPClient().send(request)
    guard response.isSuccess else { throw HTTPError(.status(response)) }
    return response
  }
}

enum PubSubEmulatorExit {
  nonisolated(unsafe) static var pid: Int32 = 0
}
