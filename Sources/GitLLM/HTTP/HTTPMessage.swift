import Foundation

/// One HTTP header field.
public struct HTTPHeader: Sendable, Equatable, Hashable {
  public var name: String
  public var value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }

  public init(_ name: String, _ value: String) {
    self.init(name: name, value: value)
  }
}

/// What to send: method, URL, headers, body and time limits.
public struct HTTPRequest: Sendable {
  public var method: String
  public var url: String
  public var headers: [HTTPHeader]
  public var body: Data?
  /// The whole transfer's limit, connection and streaming included.
  public var timeout: Duration
  /// The limit for connecting (DNS, TCP and TLS).
  public var connectTimeout: Duration
  /// Whether to follow 3xx redirects (off: the 3xx response is returned).
  public var followRedirects: Bool
  /// The most body bytes kept in memory; a larger (non-streamed) body fails the transfer with
  /// `HTTPError.Kind.bodyTooLarge`.
  public var maxBodyBytes: Int

  /// The default `maxBodyBytes`: 64 MiB.
  public static let defaultMaxBodyBytes = 64 << 20

  public init(
    method: String = "GET", url: String, headers: [HTTPHeader] = [], body: Data? = nil,
    timeout: Duration = .seconds(60), connectTimeout: Duration = .seconds(10),
    followRedirects: Bool = false, maxBodyBytes: Int = HTTPRequest.defaultMaxBodyBytes
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.timeout = timeout
    self.connectTimeout = connectTimeout
    self.followRedirects = followRedirects
    self.maxBodyBytes = maxBodyBytes
  }

  /// The first value of a header (case-insensitive).
  public func header(_ name: String) -> String? { headers.first(named: name) }
}

/// What came back: the final response's status, headers and (unless streamed) body.
public struct HTTPResponse: Sendable, Equatable {
  public var status: Int
  public var headers: [HTTPHeader]
  public var body: Data

  public init(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// The first value of a header (case-insensitive).
  public func header(_ name: String) -> String? { headers.first(named: name) }

  /// The body decoded as UTF-8, invalid bytes replaced.
  public var text: String { String(decoding: body, as: UTF8.self) }

  /// Whether the status is 2xx.
  public var isSuccess: Bool { (200..<300).contains(status) }

  /// Returns the response when it is 2xx.
  /// - Throws: `HTTPError` of kind `.status` otherwise.
  @discardableResult
  public func requireSuccess() throws -> HTTPResponse {
    guard isSuccess else { throw HTTPError(.status(self)) }
    return self
  }
}

extension [HTTPHeader] {
  func first(named name: String) -> String? {
    first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
  }
}

extension Duration {
  /// Whole milliseconds, rounded up so a tiny positive limit never becomes "no limit" (0).
  var wholeMilliseconds: Int64 {
    let (seconds, attoseconds) = components
    let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    return attoseconds % 1_000_000_000_000_000 > 0 ? millis + 1 : millis
  }
}
