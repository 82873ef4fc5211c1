import Foundation
import Testing

@testable import GitLLM

/// The secrets of `google.credentials` never reach the history file, whatever carries them.
@Suite struct CredentialRedactionTests {
  @Test func plantedRefreshTokenAndClientSecretNeverReachTheHistory() async throws {
    let scratch = try ScratchDirectory("credentials")
    let refresh = "1//0gPlantedRefreshTokenValue-ABCdef123"
    let clientSecret = "d-FL95Q19q7MQmFpdPlanted"
    try scratch.write(
      "adc.json",
      #"{"type":"authorized_user","client_id":"cid.apps.googleusercontent.com","client_secret":"\#(clientSecret)","refresh_token":"\#(refresh)"}"#
    )
    let server = try LoopbackHTTPServer(replies: [
      .json(
        #"{"model":"gpt-4o-mini","choices":[{"message":{"role":"assistant","content":"You sent \#(refresh)"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":5}}"#
      )
    ])
    let settings = try LLMFixtures.settings(
      provider: "openai", baseURL: server.url("/v1"), logDirectory: scratch("history"),
      extra: ["google.credentials": scratch("adc.json")])
    let provider = try ChatProviders.make(
      settings: settings, repository: nil, context: CallContext(namespace: "creds", command: "ask"))
    _ = try await provider.complete(
      ChatRequest(model: "", messages: [.user("token \(refresh) and secret \(clientSecret)")]))
    let store = try MemoryStore(path: scratch("memory.sqlite"))
    MemoryTraffic(settings: settings, repository: nil, command: "memory add").record(
      try store.add(NewMemoryMessage(namespace: "creds", role: "user", text: "remember \(refresh)")))
    TrafficWriters.syncAll()
    var history = ""
    for name in TrafficDirectory(path: scratch("history")).files() {
      history += try scratch.read("history/\(name)")
    }
    #expect(history.split(separator: "\n").count == 3)
    #expect(!history.contains(refresh) && !history.contains(clientSecret))
    #expect(history.contains("token [REDACTED] and secret [REDACTED]"))
    #expect(history.contains("You sent [REDACTED]") && history.contains("remember [REDACTED]"))
  }

  @Test func serviceAccountPrivateKeyAndItsLinesAreMasked() throws {
    let scratch = try ScratchDirectory("credentials")
    try writeRSAKeyPair(in: scratch)
    let pem = try scratch.read("key.pem")
    let key: [String: Any] = [
      "type": "service_account", "client_email": "svc@p.iam.gserviceaccount.com",
      "private_key_id": "0123456789abcdef0123", "private_key": pem,
    ]
    try JSONSerialization.data(withJSONObject: key).write(to: URL(fileURLWithPath: scratch("sa.json")))
    let redactor = Redactor(
      settings: try Settings.resolve(flags: ["google.credentials": scratch("sa.json")]))
    let line = try #require(pem.split(separator: "\n").dropFirst(3).first.map(String.init))
    #expect(redactor.redact("fragment: \(line) end") == "fragment: [REDACTED] end")
    #expect(redactor.redact("id 0123456789abcdef0123") == "id [REDACTED]")
    // Without the setting (or with an unreadable file) only the generic rules apply.
    #expect(Redactor(settings: try Settings.resolve(flags: [:])).redact("fragment: \(line)") == "fragment: \(line)")
    let missing = Redactor(
      settings: try Settings.resolve(flags: ["google.credentials": scratch("missing.json")]))
    #expect(missing.redact("fragment: \(line)") == "fragment: \(line)")
  }
}
