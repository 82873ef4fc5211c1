import Foundation

/// Sends HTTP requests; the seam that tests and transports substitute.
public protocol HTTPClient: Sendable {
  /// Sends the request and returns the whole response.
  /// - Throws: `HTTPError` for transport failures and timeouts; non-2xx statuses are returned.
  func send(_ request: HTTPRequest) async throws -> HTTPResponse

  /// Streams a 2xx body to `onChunk` as it arrives (pieces of any size); a non-2xx body is
  /// collected into the returned response instead.
  func send(_ request: HTTPRequest, onChunk: @escaping @Sendable (Data) -> Void) async throws
    -> HTTPResponse
}

/// When and how long to retry: exponential backoff with jitter, bounded by a total deadline.
public struct RetryPolicy: Sendable, Equatable {
  /// Attempts in all, the first included (1 means no retry).
  public var maxAttempts: Int
  /// The smallest wait between attempts; the n-th retry waits a random time between this and
  /// `min(maxDelay, baseDelay · 2ⁿ)`.
  public var baseDelay: Duration
  public var maxDelay: Duration
  /// The limit across all attempts and waits; nil for none.
  public var deadline: Duration?
  public var retryableStatuses: Set<Int>

  public init(
    maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20),
    deadline: Duration? = .seconds(120),
    retryableStatuses: Set<Int> = [408, 409, 425, 429, 500, 502, 503, 504]
  ) {
    self.maxAttempts = maxAttempts
    self.baseDelay = baseDelay
    self.maxDelay = maxDelay
    self.deadline = deadline
    self.retryableStatuses = retryableStatuses
  }

  public static let `default` = RetryPolicy()
  /// One attempt, no deadline beyond the request's own timeout.
  public static let none = RetryPolicy(maxAttempts: 1, deadline: nil)

  /// The jittered wait before retry number `retry` (1 for the first retry).
  func backoff(retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
    let base = max(baseDelay, .zero)
    let exponent = min(max(retry, 1), 30)
    let ceiling = min(maxDelay, base * (1 << exponent))
    guard ceiling > base else { return min(base, maxDelay) }
    let low = Double(base.wholeMilliseconds)
    let high = Double(ceiling.wholeMilliseconds)
    return .milliseconds(Int64(Double.random(in: low...high, using: &generator)))
  }
}
