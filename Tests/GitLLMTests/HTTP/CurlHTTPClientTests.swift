import Foundation
import Testing
@testable import GitLLM

@Suite struct CurlHTTPClientTests {
  let client = CurlHTTPClient()

  @Test func getSendsHeadersAndReturnsTheResponse() async throws {
    let server = try LoopbackHTTPServer { request in
      .text("hello \(request.header("X-Name") ?? "?")", headers: [HTTPHeader("X-Reply", "yes")])
    }
    let response = try await client.send(HTTPRequest(
      url: server.url("/v1/models?limit=2"), headers: [HTTPHeader("X-Name", "ada")]))
    #expect(response.status == 200)
    #expect(response.text == "hello ada")
    #expect(response.header("x-reply") == "yes")
    #expect(response.header("content-length") == "9")
    let request = try #require(server.requests.first)
    #expect(request.method == "GET")
    #expect(request.path == "/v1/models")
    #expect(request.query == "limit=2")
    #expect(request.header("User-Agent") == "git-llm/\(BuildInfo.version)")
    #expect(request.header("Accept-Encoding")?.contains("gzip") == true)
  }

  @Test func postSendsTheBodyAndHeadersIntact() async throws {
    let server = try LoopbackHTTPServer { request in
      .json("{\"echo\":\(request.body.count)}", status: 201)
    }
    // Large enough that curl would otherwise wait on "Expect: 100-continue".
    let payload = Data(("{\"text\":\"" + String(repeating: "é", count: 700_000) + "\"}").utf8)
    let response = try await client.send(HTTPRequest(
      method: "POST", url: server.url("/v1/chat"),
      headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Authorization", "Bearer t"),
                HTTPHeader("X-Empty", "")],
      body: payload))
    #expect(response.status == 201)
    #expect(response.text == "{\"echo\":\(payload.count)}")
    let request = try #require(server.requests.first)
    #expect(request.method == "POST")
    #expect(request.body == payload)
    #expect(request.header("Content-Type") == "application/json")
    #expect(request.header("Authorization") == "Bearer t")
    #expect(request.header("X-Empty") == "")
    #expect(request.header("Expect") == nil)
  }

  @Test func otherMethodsWithAndWithoutBodies() async throws {
    let server = try LoopbackHTTPServer { request in .text("\(request.method) \(request.text)") }
    let put = try await client.send(HTTPRequest(method: "PUT", url: server.url("/t"), body: Data("x".utf8)))
    #expect(put.text == "PUT x")
    let delete = try await client.send(HTTPRequest(method: "DELETE", url: server.url("/t")))
    #expect(delete.text == "DELETE ")
    let emptyPost = try await client.send(HTTPRequest(method: "POST", url: server.url("/t")))
    #expect(emptyPost.text == "POST ")
    #expect(server.requests.map(\.method) == ["PUT", "DELETE", "POST"])
  }

  @Test func streamsABodyThatArrivesInPieces() async throws {
    let pieces = ["data: one\n\n", "data: twö\n", "\ndata: three\n\n", "data: [DONE]\n\n"]
    let server = try LoopbackHTTPServer { _ in .eventStream(pieces, delay: .milliseconds(80)) }
    let chunks = LoopbackHTTPServer.Locked<[Data]>([])
    let start = ContinuousClock.now
    let response = try await client.send(HTTPRequest(url: server.url("/stream"))) { chunk in
      chunks.withLock { $0.append(chunk) }
    }
    let received = chunks.withLock { $0 }
    #expect(response.status == 200)
    #expect(response.body.isEmpty)  // a streamed body goes to onChunk only
    #expect(received.count >= 3)
    #expect(String(decoding: received.reduce(Data(), +), as: UTF8.self) == pieces.joined())
    #expect(ContinuousClock.now - start >= .milliseconds(200))
  }

  @Test func nonSuccessBodyIsCollectedNotStreamed() async throws {
    let server = try LoopbackHTTPServer { _ in
      .pieces(status: 500, headers: [], pieces: [Data("bro".utf8), Data("ken".utf8)],
              delay: .milliseconds(30), chunked: false)
    }
    let chunks = LoopbackHTTPServer.Locked(0)
    let response = try await client.send(HTTPRequest(url: server.url())) { _ in chunks.withLock { $0 += 1 } }
    #expect(response.status == 500)
    #expect(response.text == "broken")
    #expect(chunks.withLock { $0 } == 0)
    #expect(throws: HTTPError.self) { try response.requireSuccess() }
  }

  @Test func aBodyPastTheLimitFailsClearly() async throws {
    let piece = Data(repeating: 0x61, count: 64 << 10)
    let server = try LoopbackHTTPServer { _ in
      .pieces(status: 200, headers: [], pieces: Array(repeating: piece, count: 8), delay: .zero, chunked: true)
    }
    let error = try await #require(throws: HTTPError.self) {
      try await client.send(HTTPRequest(url: server.url(), maxBodyBytes: 100_000), retry: .default)
    }
    guard case .bodyTooLarge(let limit) = error.kind else {
      Issue.record("expected bodyTooLarge, got \(error)")
      return
    }
    #expect(limit == 100_000)
    #expect(error.description == "HTTP response body larger than the 100000 byte limit")
    #expect(server.requests.count == 1)  // not retried
    // Within the limit the same body arrives whole; a streamed body is not held, so not limited.
    let whole = try await client.send(HTTPRequest(url: server.url(), maxBodyBytes: 1 << 20))
    #expect(whole.body.count == 8 * piece.count)
    let streamed = LoopbackHTTPServer.Locked(0)
    _ = try await client.send(HTTPRequest(url: server.url(), maxBodyBytes: 1000)) { chunk in
      streamed.withLock { $0 += chunk.count }
    }
    #expect(streamed.withLock { $0 } == 8 * piece.count)
    #expect(HTTPRequest(url: "http://x").maxBodyBytes == 64 << 20)
  }

  @Test func totalTimeoutFiresWhenTheServerNeverAnswers() async throws {
    let server = try LoopbackHTTPServer { _ in .neverAnswer }
    let start = ContinuousClock.now
    let error = try await #require(throws: HTTPError.self) {
      try await client.send(HTTPRequest(url: server.url("/slow"), timeout: .milliseconds(600)))
    }
    let elapsed = ContinuousClock.now - start
    #expect(elapsed >= .milliseconds(550))
    #expect(elapsed < .seconds(3))
    #expect(error.isTimeout)
    #expect(error.description.contains("timed out"))
    #expect(server.requests.count == 1)
  }

  @Test func connectionRefusedCarriesCurlsMessage() async throws {
    let port = try LoopbackHTTPServer.unusedPort()
    let error = try await #require(throws: HTTPError.self) {
      try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
    }
    guard case .transport(let code, let message) = error.kind else {
      Issue.record("expected a transport error, got \(error)")
      return
    }
    #expect(code == 7)  // CURLE_COULDNT_CONNECT
    #expect(message.contains("127.0.0.1 port \(port)"))
    #expect(error.isRetryable)
  }

  @Test func closedWithoutAnswerIsATransportError() async throws {
    let server = try LoopbackHTTPServer { _ in .close }
    let error = try await #require(throws: HTTPError.self) {
      try await client.send(HTTPRequest(url: server.url()))
    }
    guard case .transport(let code, let message) = error.kind else {
      Issue.record("expected a transport error, got \(error)")
      return
    }
    #expect(code == 52)  // CURLE_GOT_NOTHING
    #expect(message.contains("Empty reply"))
  }

  @Test func malformedURLIsNotRetryable() async throws {
    let error = try await #require(throws: HTTPError.self) {
      try await client.send(HTTPRequest(url: "nope://x"))
    }
    #expect(!error.isRetryable)
    #expect(error.description.contains("curl 1"))
  }

  @Test func redirectsAreNotFollowedUnlessAsked() async throws {
    let server = try LoopbackHTTPServer { request in
      request.path == "/old"
        ? .status(302, headers: [HTTPHeader("Location", "/new"), HTTPHeader("X-Hop", "first")])
        : .text("arrived", headers: [HTTPHeader("X-Hop", "final")])
    }
    let stopped = try await client.send(HTTPRequest(url: server.url("/old")))
    #expect(stopped.status == 302)
    #expect(stopped.header("Location") == "/new")
    let followed = try await client.send(HTTPRequest(url: server.url("/old"), followRedirects: true))
    #expect(followed.status == 200)
    #expect(followed.text == "arrived")
    #expect(followed.headers.filter { $0.name == "X-Hop" }.map(\.value) == ["final"])  // only the final response's headers
  }

  @Test func cancellingTheTaskAbortsTheTransfer() async throws {
    let server = try LoopbackHTTPServer { _ in .neverAnswer }
    let client = client
    let url = server.url()
    let task = Task { try await client.send(HTTPRequest(url: url, timeout: .seconds(30))) }
    try await Task.sleep(for: .milliseconds(200))
    let start = ContinuousClock.now
    task.cancel()
    await #expect(throws: CancellationError.self) { try await task.value }
    #expect(ContinuousClock.now - start < .seconds(3))
  }

  @Test func chunkedRequestBodyArrivesWhole() async throws {
    let server = try LoopbackHTTPServer { request in .text(request.header("Transfer-Encoding") ?? "none") }
    let payload = Data(String(repeating: "chunk-", count: 5000).utf8)
    let response = try await client.send(HTTPRequest(
      method: "POST", url: server.url("/upload"), headers: [HTTPHeader("Transfer-Encoding", "chunked")],
      body: payload))
    #expect(response.text == "chunked")
    #expect(server.requests.first?.body == payload)
  }
}
