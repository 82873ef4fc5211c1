import Foundation
@testable import GitLLM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The server's shared state: its threads hold this, not the server, so releasing the server
/// stops it.
final class LoopbackServerState: @unchecked Sendable {
  // @unchecked: the mutable fields are only touched under `lock`; `listener` is closed once,
  // by the accept thread, after it stops using it.
  private let lock = NSLock()
  private let listener: Int32
  private let handler: LoopbackHTTPServer.Handler
  private let threads = DispatchGroup()
  private var stopped = false
  private var requests: [LoopbackHTTPServer.RecordedRequest] = []
  private var connections: Set<Int32> = []

  init(listener: Int32, handler: @escaping LoopbackHTTPServer.Handler) {
    self.listener = listener
    self.handler = handler
  }

  var isStopped: Bool { lock.withLock { stopped } }
  var recorded: [LoopbackHTTPServer.RecordedRequest] { lock.withLock { requests } }

  func start(lifetime: Duration) {
    let end = ContinuousClock.now + lifetime
    spawn { [self] in
      while !isStopped {
        if ContinuousClock.now >= end { stop(wait: false); break }
        guard wait(for: listener, events: POLLIN) else { continue }
        let fd = accept(listener, nil, nil)
        guard fd >= 0 else { continue }
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        let accepted = lock.withLock { () -> Bool in
          if stopped { return false }
          connections.insert(fd)
          return true
        }
        guard accepted else { close(fd); break }
        spawn { [self] in serve(fd) }
      }
      close(listener)
    }
  }

  /// Stops accepting, wakes every connection thread and (unless called from one of the server's
  /// own threads) waits up to two seconds for them to finish.
  func stop(wait: Bool = true) {
    let open = lock.withLock { () -> Set<Int32> in
      stopped = true
      return connections
    }
    for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    if wait { _ = threads.wait(timeout: .now() + 2) }
  }

  private func spawn(_ body: @escaping @Sendable () -> Void) {
    threads.enter()
    let thread = Thread { [threads] in
      body()
      threads.leave()
    }
    thread.name = "loopback-http"
    thread.start()
  }

  /// Polls in short slices so a stopped server is noticed; false on timeout or stop.
  private func wait(for fd: Int32, events: Int32) -> Bool {
    var descriptor = pollfd(fd: fd, events: Int16(events), revents: 0)
    return poll(&descriptor, 1, 50) > 0
  }

  // MARK: - One connection

  private func serve(_ fd: Int32) {
    defer {
      lock.withLock { _ = connections.remove(fd) }
      close(fd)
    }
    var reader = Reader(fd: fd, state: self)
    guard let request = reader.readRequest() else { return }
    lock.withLock { requests.append(request) }
    switch handler(request) {
    case .close:
      return
    case .neverAnswer:
      // Hold the socket until the client gives up (EOF) or the server stops.
      var byte: UInt8 = 0
      while !isStopped {
        if wait(for: fd, events: POLLIN), recv(fd, &byte, 1, 0) <= 0 { return }
      }
    case .response(let status, let headers, let body):
      var head = headers
      if head.first(named: "Content-Length") == nil { head.append(HTTPHeader("Content-Length", "\(body.count)")) }
      _ = write(fd, responseHead(status, head) + body)
      shutdown(fd, Int32(SHUT_WR))
    case .pieces(let status, let headers, let pieces, let delay, let chunked):
      var head = headers
      let total = pieces.reduce(0) { $0 + $1.count }
      // Framing the caller set wins (a Content-Length larger than the pieces simulates a cut stream).
      if head.first(named: "Content-Length") == nil, head.first(named: "Transfer-Encoding") == nil {
        head.append(chunked ? HTTPHeader("Transfer-Encoding", "chunked") : HTTPHeader("Content-Length", "\(total)"))
      }
      guard write(fd, responseHead(status, head)) else { return }
      for (index, piece) in pieces.enumerated() {
        if index > 0 { Thread.sleep(forTimeInterval: Double(delay.wholeMilliseconds) / 1000) }
        if isStopped { return }
        let framed = chunked ? Data(String(piece.count, radix: 16).utf8) + crlf + piece + crlf : piece
        if !piece.isEmpty, !write(fd, framed) { return }
      }
      if chunked { _ = write(fd, Data("0\r\n\r\n".utf8)) }
      shutdown(fd, Int32(SHUT_WR))
    }
  }

  private func responseHead(_ status: Int, _ headers: [HTTPHeader]) -> Data {
    var text = "HTTP/1.1 \(status) \(reason(status))\r\n"
    for header in headers + [HTTPHeader("Connection", "close")] { text += "\(header.name): \(header.value)\r\n" }
    return Data((text + "\r\n").utf8)
  }

  private func reason(_ status: Int) -> String {
    [200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found",
     400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 408: "Request Timeout",
     429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
     503: "Service Unavailable", 504: "Gateway Timeout"][status] ?? "Status"
  }

  /// Writes all bytes; MSG_NOSIGNAL so a client that went away cannot kill the test with SIGPIPE.
  fileprivate func write(_ fd: Int32, _ data: Data) -> Bool {
    data.withUnsafeBytes { bytes in
      var offset = 0
      while offset < bytes.count {
        let sent = send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
        if sent <= 0 { return false }
        offset += sent
      }
      return true
    }
  }

  fileprivate func receive(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
    while !isStopped {
      guard wait(for: fd, events: POLLIN) else { continue }
      var chunk = [UInt8](repeating: 0, count: 65536)
      let count = recv(fd, &chunk, chunk.count, 0)
      if count <= 0 { return false }
      buffer += chunk[..<count]
      return true
    }
    return false
  }
}

private let crlf = Data("\r\n".utf8)

/// Reads one request off a socket: head, then a Content-Length or chunked body.
private struct Reader {
  let fd: Int32
  let state: LoopbackServerState
  var buffer: [UInt8] = []

  mutating func readRequest() -> LoopbackHTTPServer.RecordedRequest? {
    guard let head = readLine(until: [13, 10, 13, 10]) else { return nil }
    let receivedAt = ContinuousClock.now
    let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
    let start = lines[0].split(separator: " ")
    guard start.count >= 2 else { return nil }
    let headers = lines.dropFirst().compactMap { line -> HTTPHeader? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return HTTPHeader(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
    if headers.first(named: "Expect")?.lowercased() == "100-continue" {
      _ = state.write(fd, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }
    var body = Data()
    if headers.first(named: "Transfer-Encoding")?.lowercased().contains("chunked") == true {
      while true {
        guard let sizeLine = readLine(until: [13, 10]) else { return nil }
        let hex = String(decoding: sizeLine, as: UTF8.self).split(separator: ";").first ?? ""
        guard let size = Int(hex.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
        if size == 0 {
          while let trailer = readLine(until: [13, 10]), !trailer.isEmpty {}
          break
        }
        guard let bytes = read(count: size + 2) else { return nil }
        body += bytes.prefix(size)
      }
    } else if let length = headers.first(named: "Content-Length").flatMap({ Int($0) }), length > 0 {
      guard let bytes = read(count: length) else { return nil }
      body = Data(bytes)
    }
    return .init(method: String(start[0]), target: String(start[1]), headers: headers, body: body,
                 receivedAt: receivedAt)
  }

  /// The bytes before `delimiter` (which is consumed), or nil at EOF.
  private mutating func readLine(until delimiter: [UInt8]) -> [UInt8]? {
    var searchFrom = 0
    while true {
      if buffer.count >= delimiter.count {
        for index in searchFrom...(buffer.count - delimiter.count)
        where buffer[index..<(index + delimiter.count)].elementsEqual(delimiter) {
          let line = Array(buffer[..<index])
          buffer.removeFirst(index + delimiter.count)
          return line
        }
        searchFrom = buffer.count - delimiter.count + 1
      }
      guard state.receive(fd, into: &buffer) else { return nil }
    }
  }

  private mutating func read(count: Int) -> [UInt8]? {
    while buffer.count < count {
      guard state.receive(fd, into: &buffer) else { return nil }
    }
    defer { buffer.removeFirst(count) }
    return Array(buffer[..<count])
  }
}
