import Foundation

/// An `HTTPClient` on libcurl: each transfer runs on its own thread (never on the cooperative
/// pool), accepts gzip and deflate, and aborts when its task is cancelled.
public struct CurlHTTPClient: HTTPClient {
  public init() {}

  public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
    try await perform(request, onChunk: nil)
  }

  public func send(_ request: HTTPRequest, onChunk: @escaping @Sendable (Data) -> Void)
    async throws -> HTTPResponse
  {
    try await perform(request, onChunk: onChunk)
  }

  private func perform(_ request: HTTPRequest, onChunk: (@Sendable (Data) -> Void)?)
    async throws -> HTTPResponse
  {
    try Task.checkCancellation()
    let cancelled = HTTPFlag()
    return try await withTaskCancellationHandler {
      try await withCheckedThrowingContinuation { continuation in
        // curl_easy_perform blocks for the whole transfer, so it gets a thread of its own.
        let thread = Thread {
          let result = Result {
            try CurlTransfer().perform(request, onChunk: onChunk, cancelled: cancelled)
          }
          continuation.resume(with: result)
        }
        thread.name = "git-llm-curl"
        thread.start()
      }
    } onCancel: {
      cancelled.set()
    }
  }
}
