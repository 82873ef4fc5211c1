import Foundation
import Synchronization

/// Failures of summary generation that are ours rather than the provider's.
public enum SummaryError: Error, CustomStringConvertible, Equatable {
  case deadlineExceeded(Duration)
  case totalDeadlineExceeded(Duration)
  case emptyAnswer

  public var description: String {
    switch self {
    case .deadlineExceeded(let limit): "no answer within \(Deadline.seconds(limit)) (summaries.timeout)"
    case .totalDeadlineExceeded(let limit):
      "not started within the run's \(Deadline.seconds(limit)) (summaries.totalTimeout)"
    case .emptyAnswer: "the model returned an empty answer"
    }
  }
}

enum Deadline {
  /// Runs `operation`, giving up after `limit`. The operation is cancelled then, and not awaited:
  /// a provider that ignores cancellation cannot hold the commit past its deadline.
  static func run<T: Sendable>(
    within limit: Duration, _ operation: @escaping @Sendable () async throws -> T
  ) async throws -> T {
    let gate = Gate<T>()
    return try await withCheckedThrowingContinuation { continuation in
      gate.arm(continuation)
      let work = Task {
        do { gate.finish(.success(try await operation())) } catch { gate.finish(.failure(error)) }
      }
      let timer = Task {
        try? await Task.sleep(for: limit)
        if !Task.isCancelled, gate.finish(.failure(SummaryError.deadlineExceeded(limit))) {
          work.cancel()
        }
      }
      gate.onFinish { timer.cancel() }
    }
  }

  static func seconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let value = Double(seconds) + Double(attoseconds) / 1e18
    return value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
  }
}

/// Resumes a continuation exactly once, whichever of the work and the timer comes first.
private final class Gate<T: Sendable>: Sendable {
  private struct State {
    var continuation: CheckedContinuation<T, any Error>?
    var done = false
    var onFinish: (@Sendable () -> Void)?
  }

  private let state = Mutex(State())

  func arm(_ continuation: CheckedContinuation<T, any Error>) {
    state.withLock { $0.continuation = continuation }
  }

  func onFinish(_ action: @escaping @Sendable () -> Void) {
    let finished = state.withLock { state -> Bool in
      if state.done { return true }
      state.onFinish = action
      return false
    }
    if finished { action() }
  }

  /// Returns true when this call resumed the continuation.
  @discardableResult
  func finish(_ result: Result<T, any Error>) -> Bool {
    let taken = state.withLock { state -> (CheckedContinuation<T, any Error>, (@Sendable () -> Void)?)? in
      guard !state.done, let continuation = state.continuation else { return nil }
      state.done = true
      state.continuation = nil
      return (continuation, state.onFinish)
    }
    guard let (continuation, action) = taken else { return false }
    continuation.resume(with: result)
    action?()
    return true
  }
}
