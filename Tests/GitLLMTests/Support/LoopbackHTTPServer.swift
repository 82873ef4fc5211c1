import Foundation
@testable import GitLLM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests of remote services. It records
/// every request and answers from `handler`, one connection per request (`Connection: close`).
/// It stops when released, when `stop()` is called, or after `lifetime`, whichever comes first.
final class LoopbackHTTPServer: Sendable {
  /// A request as it arrived: the body is decoded from Content-Length or chunked framing.
  struct RecordedRequest: Sendable, CustomStringConvertible {
    var method: String
    /// Path and query as sent (`/v1/chat?x=1`).
    var target: String
    var headers: [HTTPHeader]
    var body: Data
    /// When the request's head was read, for checking delays between retries.
    var receivedAt: ContinuousClock.Instant

    var path: String { String(target.prefix { $0 != "?" }) }
    var query: String? { target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) } }
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first(named: name) }
    /// All values of a header, for fields sent more than once.
    func headers(named name: String) -> [String] {
      headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }
    var description: String { "\(method) \(target) (\(body.count) bytes)" }
  }

  /// How to answer one request.
  enum Reply: Sendable {
    /// A whole response; Content-Length is added unless `headers` has it.
    case response(status: Int, headers: [HTTPHeader], body: Data)
    /// The body written piece by piece with `delay` before each piece after the first, framed
    /// chunked (each piece one chunk) or with a Content-Length of the total; a Content-Length or
    /// Transfer-Encoding in `headers` replaces that framing (to simulate a stream cut short).
    case pieces(status: Int, headers: [HTTPHeader], pieces: [Data], delay: Duration, chunked: Bool)
    /// Read the request, then hold the connection open without a byte until the server stops.
    case neverAnswer
    /// Close the connection without answering.
    case close

    static func text(_ body: String, status: Int = 200, headers: [HTTPHeader] = []) -> Reply {
      .response(status: status, headers: headers, body: Data(body.utf8))
    }
    static func json(_ body: String, status: Int = 200, headers: [HTTPHeader] = []) -> Reply {
      .response(status: status, headers: [HTTPHeader("Content-Type", "application/json")] + headers,
                body: Data(body.utf8))
    }
    static func status(_ status: Int, headers: [HTTPHeader] = [], body: String = "") -> Reply {
      .response(status: status, headers: headers, body: Data(body.utf8))
    }
    /// A `text/event-stream` written in the given pieces.
    static func eventStream(_ pieces: [String], delay: Duration = .milliseconds(20)) -> Reply {
      .pieces(status: 200, headers: [HTTPHeader("Content-Type", "text/event-stream")],
              pieces: pieces.map { Data($0.utf8) }, delay: delay, chunked: true)
    }
  }

  typealias Handler = @Sendable (RecordedRequest) -> Reply

  let port: Int
  private let state: LoopbackServerState

  /// Starts listening at once.
  /// - Throws: `POSIXError` when the socket cannot be set up.
  init(lifetime: Duration = .seconds(60), handler: @escaping Handler) throws {
    let listener = try Self.openListener()
    port = listener.port
    state = LoopbackServerState(listener: listener.fd, handler: handler)
    state.start(lifetime: lifetime)
  }

  /// Answers with `replies` in order, repeating the last one.
  convenience init(replies: [Reply], lifetime: Duration = .seconds(60)) throws {
    let counter = Counter()
    try self.init(lifetime: lifetime) { _ in
      let index = counter.next()
      return replies.isEmpty ? .close : replies[min(index, replies.count - 1)]
    }
  }

  deinit { state.stop() }

  var baseURL: String { "http://127.0.0.1:\(port)" }
  func url(_ path: String = "/") -> String { baseURL + (path.hasPrefix("/") ? path : "/" + path) }
  var requests: [RecordedRequest] { state.recorded }

  /// Closes the listener and every open connection; waits briefly for their threads.
  func stop() { state.stop() }

  /// A loopback port that nothing listens on (bound, then closed), for connection-refused tests.
  static func unusedPort() throws -> Int {
    let listener = try openListener(backlog: false)
    close(listener.fd)
    return listener.port
  }

  private static func openListener(backlog: Bool = true) throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
        bind(fd, address, length) == 0 && getsockname(fd, address, &length) == 0
      }
    }
    guard bound, !backlog || listen(fd, 64) == 0 else {
      let code = errno
      close(fd)
      throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
  }
}

// MARK: - Small thread-safe helpers for handlers and callbacks

extension LoopbackHTTPServer {
  /// A thread-safe counter, for handlers that answer differently per request.
  final class Counter: Sendable {
    private let value = Locked(0)
    init() {}
    /// Returns the current count and increments it.
    func next() -> Int { value.withLock { count in defer { count += 1 }; return count } }
  }

  /// A value guarded by a lock, shared between a test and server or transfer threads.
  final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched inside `withLock`.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
      lock.lock()
      defer { lock.unlock() }
      return try body(&value)
    }
  }
}
