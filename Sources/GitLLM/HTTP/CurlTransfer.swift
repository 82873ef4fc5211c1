import CCurl
import Foundation

/// libcurl is loaded at the first transfer (the shim's dlopen), then initialised once:
/// curl_global_init is not thread-safe before curl 7.84. Nil when ready, else why not.
let curlReady: String? = {
  if let error = ccurl_load() {
    return "libcurl could not be loaded (\(String(cString: error))): install libcurl4"
  }
  let code = ccurl_global_init(Int(CURL_GLOBAL_ALL))
  guard code == CURLE_OK else {
    return "curl_global_init failed: " + String(cString: ccurl_easy_strerror(code))
  }
  return nil
}()

/// One libcurl easy handle performing one request on the calling thread.
final class CurlTransfer {
  let handle: UnsafeMutableRawPointer  // CURL *
  private var headerList: UnsafeMutablePointer<curl_slist>?
  private let errorBuffer: UnsafeMutablePointer<CChar>

  init() throws {
    if let curlReady {
      throw HTTPError(.transport(code: Int32(CURLE_FAILED_INIT.rawValue), message: curlReady))
    }
    guard let handle = ccurl_easy_init() else {
      throw HTTPError(.transport(code: 2, message: "curl_easy_init failed"))
    }
    self.handle = handle
    errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
    errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
  }

  deinit {
    ccurl_easy_cleanup(handle)
    ccurl_slist_free_all(headerList)
    errorBuffer.deallocate()
  }

  /// Runs the transfer to its end; blocks the calling thread.
  func perform(_ request: HTTPRequest, onChunk: (@Sendable (Data) -> Void)?, cancelled: HTTPFlag)
    throws -> HTTPResponse
  {
    try configure(request)
    let sink = TransferSink(onChunk: onChunk, cancelled: cancelled, maxBodyBytes: request.maxBodyBytes)
    let code = withExtendedLifetime(sink) { () -> CURLcode in
      let context = Unmanaged.passUnretained(sink).toOpaque()
      ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
      ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
      ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
      return ccurl_easy_perform(handle)
    }
    guard code == CURLE_OK else {
      if cancelled.isSet { throw CancellationError() }
      if sink.overflowed { throw HTTPError(.bodyTooLarge(limit: request.maxBodyBytes)) }
      let message = errorBuffer.pointee != 0
        ? String(cString: errorBuffer) : String(cString: ccurl_easy_strerror(code))
      if code == CURLE_OPERATION_TIMEDOUT { throw HTTPError(.timedOut(message)) }
      throw HTTPError(.transport(code: Int32(code.rawValue), message: message))
    }
    var status = 0
    if ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status == 0 {
      status = sink.status
    }
    return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
  }

  private func configure(_ request: HTTPRequest) throws {
    try set(ccurl_setopt_string(handle, CURLOPT_URL, request.url))
    try set(ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
    try set(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
    try set(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(max(1, request.timeout.wholeMilliseconds))))
    try set(ccurl_setopt_long(
      handle, CURLOPT_CONNECTTIMEOUT_MS, Int(max(1, request.connectTimeout.wholeMilliseconds))))
    try set(ccurl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
    try set(ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0))
    try set(ccurl_setopt_string(handle, CURLOPT_USERAGENT, "git-llm/\(BuildInfo.version)"))
    try configureMethodAndBody(request)
    try configureHeaders(request.headers)
    try set(ccurl_setopt_write(handle, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
      guard let context else { return 0 }
      let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
      return sink.receiveBody(buffer, size * count)
    })
    try set(ccurl_setopt_write(handle, CURLOPT_HEADERFUNCTION) { buffer, size, count, context in
      guard let context else { return 0 }
      let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
      return sink.receiveHeader(buffer, size * count)
    })
    // The progress callback is how a cancelled task stops a transfer (curl calls it at least
    // about once a second, even while idle).
    try set(ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
    try set(ccurl_setopt_xferinfo(handle, CURLOPT_XFERINFOFUNCTION) { context, _, _, _, _ in
      guard let context else { return 0 }
      return Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue().cancelled.isSet ? 1 : 0
    })
  }

  private func configureMethodAndBody(_ request: HTTPRequest) throws {
    let method = request.method.uppercased()
    if let body = request.body {
      try set(ccurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
      if body.isEmpty {
        try set(ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
      } else {
        // COPYPOSTFIELDS copies POSTFIELDSIZE bytes now, so the Data need not outlive the call.
        try body.withUnsafeBytes { bytes in
          try set(ccurl_setopt_pointer(
            handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress)))
        }
      }
      if method != "POST" { try set(ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)) }
    } else if method == "GET" {
      try set(ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1))
    } else if method == "HEAD" {
      try set(ccurl_setopt_long(handle, CURLOPT_NOBODY, 1))
    } else if method == "POST" {
      try set(ccurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0))
      try set(ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
    } else {
      try set(ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
    }
  }

  private func configureHeaders(_ headers: [HTTPHeader]) throws {
    var lines = headers.map { header in
      // "Name:" would remove curl's own header; "Name;" sends it with an empty value.
      header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
    }
    // No "Expect: 100-continue" round trip for large bodies unless the caller asks for it.
    if headers.first(named: "Expect") == nil { lines.append("Expect:") }
    for line in lines {
      guard let appended = ccurl_slist_append(headerList, line) else {
        throw HTTPError(.transport(code: 27, message: "curl_slist_append failed"))
      }
      headerList = appended
    }
    try set(ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
  }

  private func set(_ code: CURLcode) throws {
    guard code == CURLE_OK else {
      throw HTTPError(.transport(
        code: Int32(code.rawValue), message: String(cString: ccurl_easy_strerror(code))))
    }
  }
}

@available(*, unavailable)
extension CurlTransfer: Sendable {}
