import Foundation

extension HTTPClient {
  /// Sends with retries: transport errors, timeouts and `policy.retryableStatuses` are retried
  /// with exponential backoff and jitter, honouring `Retry-After` (seconds or an HTTP date), never
  /// sleeping past the deadline. A stream is not retried once a chunk reached `onChunk`.
  /// - Returns: the first response with a status not worth retrying, or the last response when the
  ///   attempts run out, its `Retry-After` exceeds `maxDelay`, or the next wait would pass the
  ///   deadline (so the caller sees the server's own status and message).
  /// - Throws: `HTTPError` (with `attempts`) when the last attempt failed in transport,
  ///   `.deadlineExceeded` when the deadline passes after a transport failure or during an
  ///   attempt, `CancellationError` when cancelled.
  public func send(
    _ request: HTTPRequest, retry policy: RetryPolicy, onChunk: (@Sendable (Data) -> Void)? = nil
  ) async throws -> HTTPResponse {
    var generator = SystemRandomNumberGenerator()
    let clock = ContinuousClock()
    let deadline = policy.deadline.map { clock.now + $0 }
    let delivered = HTTPFlag()
    let maxAttempts = max(1, policy.maxAttempts)
    var lastFailure = "no attempt made"
    var attempt = 0
    while true {
      attempt += 1
      var attemptRequest = request
      if let deadline {
        let remaining = deadline - clock.now
        guard remaining > .zero else {
          throw HTTPError(.deadlineExceeded(attempts: attempt - 1, last: lastFailure), attempts: attempt - 1)
        }
        attemptRequest.timeout = min(request.timeout, remaining)
      }
      let waitHint: Duration?
      var lastResponse: HTTPResponse?
      do {
        let response: HTTPResponse
        if let onChunk {
          response = try await send(attemptRequest) { chunk in
            delivered.set()
            onChunk(chunk)
          }
        } else {
          response = try await send(attemptRequest)
        }
        guard policy.retryableStatuses.contains(response.status), attempt < maxAttempts,
          !delivered.isSet
        else { return response }
        waitHint = retryAfter(in: response)
        if let waitHint, waitHint > policy.maxDelay { return response }
        lastFailure = "HTTP status \(response.status)"
        lastResponse = response
      } catch var error as HTTPError {
        error.attempts = attempt
        lastFailure = HTTPError(error.kind).description
        // A timeout shortened to fit the deadline means the deadline passed.
        if error.isTimeout, deadline != nil, attemptRequest.timeout < request.timeout {
          throw HTTPError(.deadlineExceeded(attempts: attempt, last: lastFailure), attempts: attempt)
        }
        if case .status = error.kind { throw error }
        guard error.isRetryable, attempt < maxAttempts, !delivered.isSet else { throw error }
        waitHint = nil
      }
      let wait = waitHint ?? policy.backoff(retry: attempt, using: &generator)
      if let deadline, clock.now + wait >= deadline {
        // The server's own answer says more than "out of time" (e.g. 429 with its message).
        if let lastResponse { return lastResponse }
        throw HTTPError(.deadlineExceeded(attempts: attempt, last: lastFailure), attempts: attempt)
      }
      try await Task.sleep(for: wait)
    }
  }
}

/// The wait a response asks for: `retry-after-ms` (OpenAI) or `Retry-After` in seconds or as an
/// HTTP date (RFC 9110); nil when absent, unreadable, negative or not finite. A huge value is
/// clamped to `retryAfterCeiling` (the server's header must never crash the caller).
func retryAfter(in response: HTTPResponse, now: Date = Date()) -> Duration? {
  if let millis = response.header("retry-after-ms").flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
    let wait = clampedWait(seconds: millis / 1000)
  {
    return wait
  }
  guard let value = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces) else {
    return nil
  }
  if let seconds = Double(value) { return clampedWait(seconds: seconds) }
  let formatter = DateFormatter()
  formatter.locale = Locale(identifier: "en_US_POSIX")
  formatter.timeZone = TimeZone(identifier: "GMT")
  for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
    formatter.dateFormat = format
    if let date = formatter.date(from: value) {
      return clampedWait(seconds: max(0, date.timeIntervalSince(now)))
    }
  }
  return nil
}

/// The longest wait a `Retry-After` header is taken to ask for (one day); longer values are
/// clamped to it, which still exceeds any sensible `maxDelay`.
let retryAfterCeiling: Duration = .seconds(86_400)

/// `seconds` as a wait, clamped to `retryAfterCeiling`; nil when negative, NaN or infinite.
private func clampedWait(seconds: Double) -> Duration? {
  guard seconds.isFinite, seconds >= 0 else { return nil }
  let ceiling = Double(retryAfterCeiling.components.seconds)
  return .milliseconds(Int64((min(seconds, ceiling) * 1000).rounded()))
}

/// A boolean set once from any thread.
final class HTTPFlag: @unchecked Sendable {
  // @unchecked: the only state is `value`, always read and written under `lock`.
  private let lock = NSLock()
  private var value = false

  func set() { lock.withLock { value = true } }
  var isSet: Bool { lock.withLock { value } }
}
