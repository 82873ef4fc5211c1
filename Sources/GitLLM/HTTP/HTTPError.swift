/// A failed HTTP exchange: the transport broke, it timed out, the status was refused, or the
/// retries ran out of time.
public struct HTTPError: Error, CustomStringConvertible {
  public enum Kind: Sendable {
    /// libcurl failed; `message` is curl's error buffer (or `curl_easy_strerror`).
    case transport(code: Int32, message: String)
    /// The total or connect timeout fired (curl's message).
    case timedOut(String)
    /// The server answered with a status the caller does not accept.
    case status(HTTPResponse)
    /// The retry deadline would pass before another attempt could start or finish.
    case deadlineExceeded(attempts: Int, last: String)
    /// The response body grew past the request's `maxBodyBytes`.
    case bodyTooLarge(limit: Int)
  }

  public var kind: Kind
  /// How many attempts were made before this error was reported (1 without retries).
  public var attempts: Int

  public init(_ kind: Kind, attempts: Int = 1) {
    self.kind = kind
    self.attempts = attempts
  }

  public var description: String {
    let text: String
    switch kind {
    case .transport(let code, let message): text = "HTTP transport error (curl \(code)): \(message)"
    case .timedOut(let message): text = "HTTP request timed out: \(message)"
    case .status(let response):
      let body = response.text.prefix(300).trimmingCharacters(in: .whitespacesAndNewlines)
      text = "HTTP status \(response.status)" + (body.isEmpty ? "" : ": \(body)")
    case .deadlineExceeded(let attempts, let last):
      return "HTTP deadline exceeded after \(attempts) attempt\(attempts == 1 ? "" : "s"); last: \(last)"
    case .bodyTooLarge(let limit):
      text = "HTTP response body larger than the \(limit) byte limit"
    }
    return attempts > 1 ? "\(text) (after \(attempts) attempts)" : text
  }

  /// Whether trying again might help: network trouble, timeouts and retryable statuses
  /// (per `RetryPolicy.default`), but not bad URLs, TLS verification or an exceeded deadline.
  public var isRetryable: Bool {
    switch kind {
    case .transport(let code, _): !Self.permanentCurlCodes.contains(code)
    case .timedOut: true
    case .status(let response): RetryPolicy.default.retryableStatuses.contains(response.status)
    case .deadlineExceeded, .bodyTooLarge: false
    }
  }

  public var isTimeout: Bool {
    if case .timedOut = kind { return true }
    return false
  }

  // CURLE_UNSUPPORTED_PROTOCOL, FAILED_INIT, URL_MALFORMAT, NOT_BUILT_IN, WRITE_ERROR,
  // OUT_OF_MEMORY, ABORTED_BY_CALLBACK, BAD_FUNCTION_ARGUMENT, UNKNOWN_OPTION,
  // SSL_CERTPROBLEM, PEER_FAILED_VERIFICATION, SSL_CACERT_BADFILE.
  static let permanentCurlCodes: Set<Int32> = [1, 2, 3, 4, 23, 27, 42, 43, 48, 58, 60, 77]
}
