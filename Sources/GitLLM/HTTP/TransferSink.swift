import Foundation

/// Collects one transfer's response from curl's callbacks, all on the transfer's thread.
final class TransferSink {
  let onChunk: (@Sendable (Data) -> Void)?
  let cancelled: HTTPFlag
  let maxBodyBytes: Int
  /// Set when the body passed `maxBodyBytes` and the transfer was stopped.
  private(set) var overflowed = false
  private(set) var status = 0
  private(set) var headers: [HTTPHeader] = []
  private(set) var body = Data()
  /// Decided at the first body byte: a 2xx body goes to `onChunk`, anything else to `body`.
  private var streaming: Bool?

  init(onChunk: (@Sendable (Data) -> Void)?, cancelled: HTTPFlag, maxBodyBytes: Int) {
    self.onChunk = onChunk
    self.cancelled = cancelled
    self.maxBodyBytes = maxBodyBytes
  }

  /// One header line, CRLF included. A status line starts a new response, so only the final
  /// response's headers remain after redirects, `100 Continue` or a proxy's CONNECT reply.
  func receiveHeader(_ buffer: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
    guard let buffer else { return count }
    let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: count), as: UTF8.self)
      .trimmingCharacters(in: .newlines)
    if line.hasPrefix("HTTP/") {
      let parts = line.split(separator: " ", maxSplits: 2)
      status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
      headers = []
    } else if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
      // An obsolete folded continuation line.
      headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
    } else if let colon = line.firstIndex(of: ":") {
      headers.append(HTTPHeader(
        name: String(line[..<colon]),
        value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
    }
    return count
  }

  func receiveBody(_ buffer: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
    guard let buffer, count > 0 else { return count }
    if streaming == nil { streaming = onChunk != nil && (200..<300).contains(status) }
    let chunk = Data(bytes: buffer, count: count)
    if streaming == true, let onChunk {
      onChunk(chunk)
    } else {
      guard body.count + count <= maxBodyBytes else {
        overflowed = true
        return 0  // curl stops with CURLE_WRITE_ERROR
      }
      body.append(chunk)
    }
    return count
  }
}
