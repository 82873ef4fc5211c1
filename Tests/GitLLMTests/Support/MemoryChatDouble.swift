import Foundation
import Synchronization

@testable import GitLLM

/// A chat provider that records each request and answers with `answer(request)`.
final class MemoryChatDouble: ChatProvider {
  let name = "double"
  private let recorded = Mutex<[ChatRequest]>([])
  private let answer: @Sendable (ChatRequest) -> String

  init(answer: @escaping @Sendable (ChatRequest) -> String) { self.answer = answer }

  var requests: [ChatRequest] { recorded.withLock { $0 } }

  func complete(_ request: ChatRequest) async throws -> ChatResponse {
    recorded.withLock { $0.append(request) }
    return ChatResponse(content: answer(request), model: "double-1")
  }
}
