import Foundation
import Synchronization

@testable import GitLLM

/// A ChatProvider test double: answers from `answer`, after `delay`, counting calls and the most
/// calls in flight at once.
final class ScriptedChatProvider: ChatProvider {
  struct Counters {
    var calls = 0
    var inFlight = 0
    var maxInFlight = 0
    var paths: [String] = []
  }

  let name = "scripted"
  let delay: Duration
  let answer: @Sendable (ChatRequest) throws -> String
  private let counters = Mutex(Counters())

  init(
    delay: Duration = .zero,
    answer: @escaping @Sendable (ChatRequest) throws -> String = { _ in "A summary." }
  ) {
    self.delay = delay
    self.answer = answer
  }

  var calls: Int { counters.withLock { $0.calls } }
  var maxInFlight: Int { counters.withLock { $0.maxInFlight } }
  var paths: [String] { counters.withLock { $0.paths } }

  func complete(_ request: ChatRequest) async throws -> ChatResponse {
    let path =
      request.messages.last?.content.split(separator: "`").dropFirst().first.map(String.init) ?? ""
    counters.withLock {
      $0.calls += 1
      $0.inFlight += 1
      $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
      $0.paths.append(path)
    }
    defer { counters.withLock { $0.inFlight -= 1 } }
    if delay > .zero { try await Task.sleep(for: delay) }
    return ChatResponse(content: try answer(request), model: "scripted-1")
  }
}

struct ProviderDown: Error, CustomStringConvertible {
  var description: String { "connection refused" }
}

/// Summaries test helpers on a scratch repository.
extension TestRepository {
  /// Installs a pre-commit hook that runs the built git-llm, as `git llm install` would.
  func installSummariesHook() throws {
    let quoted = "'" + Subprocess.gitLLMBinary.replacingOccurrences(of: "'", with: "'\\''") + "'"
    let hook = path + "/.git/hooks/pre-commit"
    try FileManager.default.createDirectory(
      atPath: path + "/.git/hooks", withIntermediateDirectories: true)
    try "#!/bin/sh\nexec \(quoted) hook pre-commit \"$@\"\n".write(
      toFile: hook, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
  }

  /// `git commit` with the hook, capturing status and output instead of throwing.
  func commitWithHook(_ arguments: [String], environment: [String: String?] = [:]) throws
    -> ProcessResult
  {
    try Subprocess.run(
      "/usr/bin/git", ["commit", "-q"] + arguments, in: path, environment: environment)
  }

  /// The front matter of a file as committed in HEAD (or another revision).
  func committedFrontMatter(_ file: String, at revision: String = "HEAD") throws
    -> SummaryFrontMatter?
  {
    SummaryFrontMatter.parse(Data(try git("show", "\(revision):\(file)").utf8 + [0x0A]))
  }

  func exists(_ relative: String) -> Bool { scratch.exists(relative) }

  func open() throws -> Repository { try Repository(path: path, environment: [:]) }
}
