import Foundation
import Synchronization

/// Failures of summary generation that are ours rather than the provider's.
public enum SummaryError: Error, CustomStringConvertible, Equatable {
  case deadlineExceeded(Duration)
  case totalDeadlineExceeded(Duration)
  case emptyAnswer

  public var description: String {
    switch self {
    case .deadlineExceeded(let limit):
      "no answer within \(Deadline.seconds(limit)) (summaries.timeout)"
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
      // The timer runs on a dispatch queue, not the cooperative pool, so busy tasks cannot hold
      // it back; firing after the work finished does nothing.
      DispatchQueue.global().asyncAfter(deadline: .now() + Deadline.interval(limit)) {
        if gate.finish(.failure(SummaryError.deadlineExceeded(limit))) { work.cancel() }
      }
    }
  }

  static func interval(_ duration: Duration) -> DispatchTimeInterval {
    let (seconds, attoseconds) = duration.components
    guard seconds < 1_000_000_000 else { return .never }  // over 30 years: no deadline
    return .nanoseconds(Int(max(0, seconds) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000))
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
  }

  private let state = Mutex(State())

  func arm(_ continuation: CheckedContinuation<T, any Error>) {
    state.withLock { $0.continuation = continuation }
  }

  /// Returns true when this call resumed the continuation.
  @discardableResult
  func finish(_ result: Result<T, any Error>) -> Bool {
    let taken = state.withLock { state -> CheckedContinuation<T, any Error>? in
      guard !state.done, let continuation = state.continuation else { return nil }
      state.done = true
      state.continuation = nil
      return continuation
    }
    guard let taken else { return false }
    taken.resume(with: result)
    return true
  }
}
