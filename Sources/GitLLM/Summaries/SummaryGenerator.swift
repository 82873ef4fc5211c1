import Foundation

/// A source's staged content, ready to summarise.
public struct SummaryJob: Sendable, Equatable {
  public var task: SummaryTask
  public var text: String

  public init(task: SummaryTask, text: String) {
    self.task = task
    self.text = text
  }
}

/// What became of one job.
public enum SummaryOutcome: Sendable, Equatable {
  case generated(Summary)
  case failed(String)
}

/// Makes summaries: through the model when one is given, else as outlines; several at once,
/// each within `timeout` and all within the run's deadline.
public struct SummaryGenerator: Sendable {
  /// nil: outline summaries (provider `none`).
  public var provider: (any ChatProvider)?
  public var model: String
  public var maxTokens: Int?
  public var timeout: Duration
  public var concurrency: Int

  public init(
    provider: (any ChatProvider)?, model: String, maxTokens: Int? = nil,
    timeout: Duration = .seconds(60), concurrency: Int = 4
  ) {
    self.provider = provider
    self.model = model
    self.maxTokens = maxTokens
    self.timeout = timeout
    self.concurrency = max(1, concurrency)
  }

  /// Summarises the jobs, at most `concurrency` at once, none started or waited for past
  /// `totalTimeout` from now; `onResult` is called in the caller's task as each one ends.
  /// - Returns: one outcome per job, in the jobs' order.
  public func generate(
    _ jobs: [SummaryJob], totalTimeout: Duration,
    onResult: (Int, SummaryJob, SummaryOutcome) -> Void = { _, _, _ in }
  ) async -> [SummaryOutcome] {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: totalTimeout)
    var outcomes = [SummaryOutcome?](repeating: nil, count: jobs.count)
    await withTaskGroup(of: (Int, SummaryOutcome).self) { group in
      var next = 0
      func startNext() {
        let index = next
        next += 1
        let job = jobs[index]
        let remaining = clock.now.duration(to: end)
        group.addTask {
          guard remaining > .zero else {
            return (index, .failed(SummaryError.totalDeadlineExceeded(totalTimeout).description))
          }
          let limit = min(timeout, remaining)
          do {
            let summary = try await Deadline.run(within: limit) { try await summarize(job) }
            return (index, .generated(summary))
          } catch SummaryError.deadlineExceeded(let limit) where limit < timeout {
            return (index, .failed(SummaryError.totalDeadlineExceeded(totalTimeout).description))
          } catch {
            return (index, .failed(String(describing: error)))
          }
        }
      }
      while next < min(concurrency, jobs.count) { startNext() }
      while let (index, outcome) = await group.next() {
        outcomes[index] = outcome
        onResult(index, jobs[index], outcome)
        if next < jobs.count { startNext() }
      }
    }
    return outcomes.map { $0 ?? .failed("not run") }
  }

  /// One summary, with no deadline of its own.
  /// - Throws: the provider's error, or `SummaryError.emptyAnswer`.
  public func summarize(_ job: SummaryJob) async throws -> Summary {
    let task = job.task
    guard let provider else {
      let body = OutlineGenerator().outline(path: task.source, text: job.text)
      return Summary(
        source: task.source, sourceBlob: task.blob, model: Summary.outlineModel, body: body)
    }
    let request = ChatRequest(
      model: model, messages: SummaryPrompt.messages(path: task.source, text: job.text),
      maxTokens: maxTokens, temperature: 0.2)
    let response = try await provider.complete(request)
    let body = response.content.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !body.isEmpty else { throw SummaryError.emptyAnswer }
    let answeredBy = response.model.isEmpty ? self.model : response.model
    return Summary(source: task.source, sourceBlob: task.blob, model: answeredBy, body: body)
  }
}
