import Foundation
import Testing

@testable import GitLLM

@Suite struct GoogleAuthTests {
  func settings(_ flags: [String: String]) throws -> Settings { try Settings.resolve(flags: flags) }

  @Test func serviceAccountKeyIsExchangedWithASignedJWTAndCached() async throws {
    let scratch = try ScratchDirectory("auth")
    try writeRSAKeyPair(in: scratch)
    let server = try LoopbackHTTPServer(replies: [
      .json(#"{"access_token":"ya29.service-token","expires_in":3600,"token_type":"Bearer"}"#)
    ])
    let key: [String: Any] = [
      "type": "service_account", "client_email": "svc@p.iam.gserviceaccount.com",
      "private_key_id": "k1",
      "private_key": try scratch.read("key.pem"), "token_uri": server.url("/token"),
    ]
    try JSONSerialization.data(withJSONObject: key).write(
      to: URL(fileURLWithPath: scratch("sa.json")))
    let source = try GoogleAuthSource.resolve(
      settings: settings(["google.credentials": scratch("sa.json")]), environment: [:])
    let auth = GoogleAuth(source: source, http: CurlHTTPClient())
    #expect(try await auth.authorization() == "Bearer ya29.service-token")
    #expect(try await auth.authorization() == "Bearer ya29.service-token")
    #expect(server.requests.count == 1)  // cached until shortly before expiry
    let request = try #require(server.requests.first)
    #expect(
      request.path == "/token"
        && request.header("Content-Type") == "application/x-www-form-urlencoded")
    let form = Dictionary(
      uniqueKeysWithValues: request.text.split(separator: "&").map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1).map {
          String($0).removingPercentEncoding ?? ""
        }
        return (parts[0], parts.count > 1 ? parts[1] : "")
      })
    #expect(form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer")
    let parts = try #require(form["assertion"]).split(separator: ".").map(String.init)
    let claims = try JSONValue.object(Base64URL.decode(parts[1]) ?? Data())
    #expect(claims["aud"] as? String == server.url("/token"))
    try Data((parts[0] + "." + parts[1]).utf8).write(to: URL(fileURLWithPath: scratch("input")))
    try (Base64URL.decode(parts[2]) ?? Data()).write(to: URL(fileURLWithPath: scratch("sig")))
    let verify = try Subprocess.run(
      "/usr/bin/openssl",
      [
        "dgst", "-sha256", "-verify", scratch("pub.pem"), "-signature", scratch("sig"),
        scratch("input"),
      ])
    #expect(verify.status == 0, "\(verify)")
  }

  @Test func authorizedUserRefreshTokenIsExchanged() async throws {
    let scratch = try ScratchDirectory("auth")
    let server = try LoopbackHTTPServer(replies: [
      .json(#"{"access_token":"ya29.user-token","expires_in":3599}"#)
    ])
    try scratch.write(
      "adc.json",
      #"{"type":"authorized_user","client_id":"cid.apps.googleusercontent.com","client_secret":"d-FL95Q19q7MQmFpd7hHD0Ty","refresh_token":"1//0gRefresh","token_uri":"\#(server.url("/token"))"}"#
    )
    let source = try GoogleAuthSource.resolve(
      settings: settings(["google.credentials": scratch("adc.json")]), environment: [:])
    #expect(
      try await GoogleAuth(source: source, http: CurlHTTPClient()).authorization()
        == "Bearer ya29.user-token")
    let body = try #require(server.requests.first).text
    #expect(
      body.contains("grant_type=refresh_token") && body.contains("refresh_token=1%2F%2F0gRefresh")
        && body.contains("client_id=cid.apps.googleusercontent.com"))
  }

  @Test func refusedExchangeCarriesGooglesError() async throws {
    let scratch = try ScratchDirectory("auth")
    let server = try LoopbackHTTPServer(replies: [
      .json(
        #"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#,
        status: 400)
    ])
    try scratch.write(
      "adc.json",
      #"{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r","token_uri":"\#(server.url("/token"))"}"#
    )
    let source = try GoogleAuthSource.resolve(
      settings: settings(["google.credentials": scratch("adc.json")]), environment: [:])
    await #expect(
      throws: GoogleAuthError(
        "token endpoint refused: invalid_grant Token has been expired or revoked.")
    ) {
      try await GoogleAuth(source: source, http: CurlHTTPClient()).authorization()
    }
  }

  @Test func metadataServerIsAskedWithItsFlavorHeader() async throws {
    let server = try LoopbackHTTPServer { request in
      guard request.header("Metadata-Flavor") == "Google" else {
        return .status(403, body: "missing Metadata-Flavor")
      }
      return .json(
        #"{"access_token":"ya29.metadata","expires_in":1800,"token_type":"Bearer"}"#,
        headers: [HTTPHeader("Metadata-Flavor", "Google")])
    }
    let source = try GoogleAuthSource.resolve(
      settings: settings([:]), environment: ["GCE_METADATA_HOST": "127.0.0.1:\(server.port)"])
    #expect(source == .metadataServer(host: "127.0.0.1:\(server.port)"))
    #expect(
      try await GoogleAuth(source: source, http: CurlHTTPClient()).authorization()
        == "Bearer ya29.metadata")
    let request = try #require(server.requests.first)
    #expect(request.path == "/computeMetadata/v1/instance/service-accounts/default/token")
    #expect(request.query == "scopes=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fpubsub")
  }

  @Test func sourcesAreTriedInTheDocumentedOrder() throws {
    let all = [
      "pubsub.emulatorHost": "127.0.0.1:1", "google.accessToken": "ya29.env",
      "google.credentials": "/nonexistent.json",
    ]
    #expect(
      try GoogleAuthSource.resolve(settings: settings(all), environment: [:])
        == GoogleAuthSource.none)
    var noEmulator = all
    noEmulator["pubsub.emulatorHost"] = nil
    #expect(
      try GoogleAuthSource.resolve(settings: settings(noEmulator), environment: [:])
        == .accessToken("ya29.env"))
    noEmulator["google.accessToken"] = nil
    #expect(throws: GoogleAuthError.self) {
      try GoogleAuthSource.resolve(settings: settings(noEmulator), environment: [:])
    }
    #expect(
      try GoogleAuthSource.resolve(settings: settings([:]), environment: [:])
        == .metadataServer(host: "metadata.google.internal"))
  }

  @Test func publishSendsTheBearerTokenToPubSub() async throws {
    let server = try LoopbackHTTPServer(replies: [.json(#"{"messageIds":["1"]}"#)])
    let transport = PubSubRESTTransport(
      endpoint: server.baseURL, project: "p", topic: "t",
      auth: GoogleAuth(source: .accessToken("ya29.env-token"), http: CurlHTTPClient()),
      http: CurlHTTPClient())
    var record = TrafficRecord(
      namespace: "n", kind: .request, provider: "openai", model: "m", commit: .init(command: "c"))
    record.messages = [.user("hi")]
    let batch = PubSubBatch.batches([PubSubMessage(record: record, line: try record.jsonLine())])[0]
    try await transport.publish(batch, deadline: .now + .seconds(5))
    let request = try #require(server.requests.first)
    #expect(request.path == "/v1/projects/p/topics/t:publish")
    #expect(request.header("Authorization") == "Bearer ya29.env-token")
  }
}
