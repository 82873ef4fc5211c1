import Foundation
import Testing
@testable import GitLLM

@Suite struct RetryTests {
  let client = CurlHTTPClient()
  let quick = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20), maxDelay: .milliseconds(50), deadline: .seconds(20))

  @Test func serviceUnavailableThenOKHonoursRetryAfter() async throws {
    let server = try LoopbackHTTPServer(replies: [
      .status(503, headers: [HTTPHeader("Retry-After", "1")], body: "busy"), .text("done"),
    ])
    let start = ContinuousClock.now
    let response = try await client.send(HTTPRequest(url: server.url("/x")), retry: .default)
    #expect(response.status == 200)
    #expect(response.text == "done")
    let requests = server.requests
    #expect(requests.count == 2)
    #expect(ContinuousClock.now - start >= .milliseconds(950))
    if requests.count == 2 { #expect(requests[1].receivedAt - requests[0].receivedAt >= .milliseconds(950)) }
  }

  @Test func tooManyRequestsUntilAttemptsRunOutReturnsTheLastResponse() async throws {
    let counter = LoopbackHTTPServer.Counter()
    let server = try LoopbackHTTPServer { _ in .status(429, body: "slow down \(counter.next() + 1)") }
    let response = try await client.send(HTTPRequest(url: server.url()), retry: quick)
    #expect(response.status == 429)
    #expect(response.text == "slow down 3")
    #expect(server.requests.count == 3)
  }

  @Test func nonRetryableStatusIsReturnedAtOnce() async throws {
    let server = try LoopbackHTTPServer { _ in .status(401, body: "no key") }
    let response = try await client.send(HTTPRequest(url: server.url()), retry: quick)
    #expect(response.status == 401)
    #expect(server.requests.count == 1)
  }

  @Test func retryAfterLongerThanMaxDelayReturnsTheResponse() async throws {
    let server = try LoopbackHTTPServer { _ in .status(429, headers: [HTTPHeader("Retry-After", "30")]) }
    let policy = RetryPolicy(maxAttempts: 4, maxDelay: .seconds(5), deadline: nil)
    let response = try await client.send(HTTPRequest(url: server.url()), retry: policy)
    #expect(response.status == 429)
    #expect(response.header("Retry-After") == "30")
    #expect(server.requests.count == 1)
  }

  @Test func connectionRefusedIsRetriedAndCounted() async throws {
    let port = try LoopbackHTTPServer.unusedPort()
    let error = try await #require(throws: HTTPError.self) {
      try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/"), retry: quick)
    }
    #expect(error.attempts == 3)
    guard case .transport(let code, let message) = error.kind else {
      Issue.record("expected a transport error, got \(error)")
      return
    }
    #expect(code == 7)
    #expect(message.contains("port \(port)"))
    #expect(error.description.contains("after 3 attempts"))
  }

  @Test func closedConnectionThenSuccessRecovers() async throws {
    let server = try LoopbackHTTPServer(replies: [.close, .close, .text("third time")])
    let response = try await client.send(HTTPRequest(url: server.url()), retry: quick)
    #expect(response.text == "third time")
    #expect(server.requests.count == 3)
  }

  // The deadline cutting the backoff short returns the server's last answer (its status and
  // message say more than "out of time"); before, this threw `.deadlineExceeded`.
  @Test func deadlineShorterThanTheBackoffReturnsTheLastResponseWithoutSleeping() async throws {
    let server = try LoopbackHTTPServer { _ in .status(503, body: "overloaded") }
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: .seconds(3), maxDelay: .seconds(10), deadline: .seconds(1))
    let start = ContinuousClock.now
    let response = try await client.send(HTTPRequest(url: server.url()), retry: policy)
    // Sleeping the 3 s backoff would take at least 3 s; the margin absorbs a loaded machine.
    #expect(ContinuousClock.now - start < .seconds(3))
    #expect(response.status == 503)
    #expect(response.text == "overloaded")
    #expect(server.requests.count == 1)
  }

  @Test func deadlineShorterThanTheBackoffAfterATransportErrorFailsWithoutSleeping() async throws {
    let port = try LoopbackHTTPServer.unusedPort()
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: .seconds(3), maxDelay: .seconds(10), deadline: .seconds(1))
    let start = ContinuousClock.now
    let error = try await #require(throws: HTTPError.self) {
      try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/"), retry: policy)
    }
    #expect(ContinuousClock.now - start < .seconds(3))
    guard case .deadlineExceeded(let attempts, let last) = error.kind else {
      Issue.record("expected deadlineExceeded, got \(error)")
      return
    }
    #expect(attempts == 1)
    #expect(last.contains("curl 7"))
    #expect(error.description.hasPrefix("HTTP deadline exceeded after 1 attempt; last: HTTP transport error"))
  }

  @Test func retryAfterBeyondTheDeadlineReturnsTheResponseAtOnce() async throws {
    let server = try LoopbackHTTPServer { _ in
      .status(429, headers: [HTTPHeader("Retry-After", "5")], body: #"{"error":{"message":"slow down"}}"#)
    }
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10), deadline: .seconds(2))
    let start = ContinuousClock.now
    let response = try await client.send(HTTPRequest(url: server.url()), retry: policy)
    #expect(ContinuousClock.now - start < .seconds(2))
    #expect(response.status == 429)
    #expect(response.text.contains("slow down"))
    #expect(server.requests.count == 1)
  }

  @Test(arguments: [
    HTTPHeader("Retry-After", "1e20"), HTTPHeader("Retry-After", "1e308"),
    HTTPHeader("retry-after-ms", "9e300"),
  ])
  func absurdRetryAfterIsClampedNotFatal(_ header: HTTPHeader) async throws {
    let server = try LoopbackHTTPServer { _ in .status(429, headers: [header], body: "later") }
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10), maxDelay: .seconds(5), deadline: nil)
    let response = try await client.send(HTTPRequest(url: server.url()), retry: policy)
    // Clamped to a day, which exceeds maxDelay: the response comes back at once.
    #expect(response.status == 429)
    #expect(response.text == "later")
    #expect(server.requests.count == 1)
  }

  @Test(arguments: ["inf", "-inf", "nan", "-1"])
  func unreadableRetryAfterFallsBackToBackoff(_ value: String) async throws {
    let server = try LoopbackHTTPServer(replies: [
      .status(503, headers: [HTTPHeader("Retry-After", value), HTTPHeader("retry-after-ms", value)]),
      .text("ok"),
    ])
    let start = ContinuousClock.now
    let response = try await client.send(HTTPRequest(url: server.url()), retry: quick)
    #expect(response.text == "ok")
    #expect(server.requests.count == 2)
    #expect(ContinuousClock.now - start < .seconds(3))
  }

  @Test func deadlineCutsAnAttemptThatNeverAnswers() async throws {
    let server = try LoopbackHTTPServer { _ in .neverAnswer }
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10), deadline: .milliseconds(700))
    let start = ContinuousClock.now
    let error = try await #require(throws: HTTPError.self) {
      try await client.send(HTTPRequest(url: server.url(), timeout: .seconds(30)), retry: policy)
    }
    #expect(ContinuousClock.now - start < .seconds(3))
    guard case .deadlineExceeded(let attempts, let last) = error.kind else {
      Issue.record("expected deadlineExceeded, got \(error)")
      return
    }
    #expect(attempts == 1)
    #expect(last.contains("timed out"))
  }

  @Test func streamIsNotRetriedOnceChunksWereDelivered() async throws {
    let server = try LoopbackHTTPServer { _ in
      // Promises 100 bytes, sends 5, then the connection ends: a transfer error mid-stream.
      .pieces(status: 200, headers: [HTTPHeader("Content-Length", "100")], pieces: [Data("data:".utf8)],
              delay: .zero, chunked: false)
    }
    let chunks = LoopbackHTTPServer.Locked(0)
    let error = try await #require(throws: HTTPError.self) {
      try await client.send(HTTPRequest(url: server.url()), retry: quick) { _ in chunks.withLock { $0 += 1 } }
    }
    #expect(chunks.withLock { $0 } == 1)
    #expect(server.requests.count == 1)
    #expect(error.attempts == 1)
  }

  // MARK: - Pure parts

  @Test func retryAfterReadsSecondsDatesAndMilliseconds() {
    let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
    func wait(_ headers: [HTTPHeader]) -> Duration? {
      retryAfter(in: HTTPResponse(status: 503, headers: headers), now: now)
    }
    #expect(wait([HTTPHeader("Retry-After", "2")]) == .seconds(2))
    #expect(wait([HTTPHeader("retry-after", " 1.5 ")]) == .milliseconds(1500))
    #expect(wait([HTTPHeader("Retry-After", "Sun, 06 Nov 1994 08:49:47 GMT")]) == .seconds(10))
    #expect(wait([HTTPHeader("Retry-After", "Sun, 06 Nov 1994 08:00:00 GMT")]) == .zero)
    #expect(wait([HTTPHeader("retry-after-ms", "250"), HTTPHeader("Retry-After", "1")]) == .milliseconds(250))
    #expect(wait([HTTPHeader("Retry-After", "soon")]) == nil)
    #expect(wait([HTTPHeader("Retry-After", "1e20")]) == retryAfterCeiling)
    #expect(wait([HTTPHeader("retry-after-ms", "1e30")]) == retryAfterCeiling)
    #expect(wait([HTTPHeader("Retry-After", "inf")]) == nil)
    #expect(wait([HTTPHeader("Retry-After", "nan")]) == nil)
    #expect(wait([HTTPHeader("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")]) == retryAfterCeiling)
    #expect(wait([]) == nil)
  }

  @Test func backoffGrowsWithJitterWithinBounds() {
    let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .milliseconds(1000))
    var generator = SystemRandomNumberGenerator()
    for retry in 1...6 {
      let ceiling = min(Duration.milliseconds(1000), .milliseconds(100 * (1 << retry)))
      let delays = (0..<50).map { _ in policy.backoff(retry: retry, using: &generator) }
      #expect(delays.allSatisfy { $0 >= .milliseconds(100) && $0 <= ceiling })
      #expect(Set(delays).count > 1)  // jittered, not fixed
    }
  }
}
