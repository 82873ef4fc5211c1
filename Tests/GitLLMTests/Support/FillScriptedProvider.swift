import Foundation
@testable import GitLLM

/// A chat provider that answers from a script per stub (picked by the stub path named in the
/// conversation's first user message) and records every request it gets.
final class FillScriptedProvider: ChatProvider, @unchecked Sendable {
  // @unchecked: mutable state is behind `lock`.
  private let lock = NSLock()
  private var scripts: [String: [String]]
  private var delays: [String: Duration]
  private(set) var requestsByStub: [String: [ChatRequest]] = [:]
  let name = "scripted"

  /// `scripts[stubPath]` are the answers in order; the last one repeats.
  init(_ scripts: [String: [String]], delays: [String: Duration] = [:]) {
    self.scripts = scripts
    self.delays = delays
  }

  func requests(for stub: String) -> [ChatRequest] { lock.withLock { requestsByStub[stub] ?? [] } }

  func complete(_ request: ChatRequest) async throws -> ChatResponse {
    let first = request.messages.first { $0.role == .user }?.content ?? ""
    let stub = scripts.keys.sorted { $0.count > $1.count }.first { first.contains("File to complete: \($0)") }
      ?? scripts.keys.first { first.contains($0) } ?? ""
    if let delay = delays[stub] { try await Task.sleep(for: delay) }
    let answer: String = lock.withLock {
      requestsByStub[stub, default: []].append(request)
      let script = scripts[stub] ?? []
      let index = min(requestsByStub[stub]!.count - 1, script.count - 1)
      return index >= 0 ? script[index] : ""
    }
    return ChatResponse(
      content: answer, model: request.model, usage: TokenUsage(promptTokens: 100, completionTokens: 20))
  }
}

/// Python stub fixtures shared by the fill tests.
enum FillFixture {
  static let stub = """
    # llm-stub: Return the sum of the first n primes
    def sum_primes(n):
        raise NotImplementedError

    """
  static let test = """
    import unittest
    from primes import sum_primes

    class SumPrimesTests(unittest.TestCase):
        def test_first_four(self):
            self.assertEqual(sum_primes(4), 17)

        def test_none(self):
            self.assertEqual(sum_primes(0), 0)

    if __name__ == "__main__":
        unittest.main()

    """
  static let wrong = """
    Here it is:
    ```python
    def sum_primes(n):
        return n * 4
    ```
    """
  static let right = """
    ```python
    # llm-stub: Return the sum of the first n primes
    def sum_primes(n):
        found, candidate = [], 2
        while len(found) < n:
            if all(candidate % p for p in found):
                found.append(candidate)
            candidate += 1
        return sum(found)
    ```
    """

  /// A repository with primes.py (the stub) and test_primes.py, committed.
  static func repository(extra: [String: String] = [:]) throws -> TestRepository {
    let repo = try TestRepository("fill")
    var files = ["primes.py": stub, "test_primes.py": test]
    for (path, text) in extra { files[path] = text }
    try repo.commit("stubs", files: files)
    return repo
  }

  static func options(attempts: Int = 4, command: String? = "python3 -m unittest {test}", timeout: Duration = .seconds(30)) -> FillOptions {
    FillOptions(model: "test-model", maxAttempts: attempts, testCommand: command, runner: TestRunner(timeout: timeout))
  }
}
