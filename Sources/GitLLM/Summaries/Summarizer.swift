import Foundation

/// Runs a plan: reads each stale source's staged blob, generates, writes atomically, then moves,
/// removes and (optionally) stages.
public struct Summarizer {
  let repository: Repository
  public var generator: SummaryGenerator
  /// Stage what is written, moved and removed (the hook; not under the pre-commit framework).
  public var stage: Bool
  /// `summaries.required`: when any summary fails, write nothing at all.
  public var allOrNothing: Bool
  public var totalTimeout: Duration
  /// Larger sources are skipped (`index.maxFileBytes`).
  public var maxBytes: Int

  static let batchSize = 64

  public init(
    repository: Repository, generator: SummaryGenerator, stage: Bool, allOrNothing: Bool = false,
    totalTimeout: Duration = .seconds(120), maxBytes: Int = 1_048_576
  ) {
    self.repository = repository
    self.generator = generator
    self.stage = stage
    self.allOrNothing = allOrNothing
    self.totalTimeout = totalTimeout
    self.maxBytes = maxBytes
  }

  /// Carries out the plan; `progress(done, total, source)` after each generated summary.
  /// - Throws: `GitError` for a repository failure, or a file-system error writing a summary.
  public func run(
    _ plan: SummaryPlan, progress: (Int, Int, String) -> Void = { _, _, _ in }
  ) async throws -> SummaryReport {
    guard let root = repository.workingDirectory else {
      throw GitError(code: -8, function: "summaries", message: "a bare repository has no work tree")
    }
    let files = SummaryFiles(root: root)
    var report = SummaryReport()
    report.checked = plan.checked
    report.kept = plan.kept
    report.staged = stage
    var done = 0
    var pending: [(path: String, summary: Summary)] = []
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: totalTimeout)
    // Batches bound the memory a long run (`summarize --all`) holds: the staged texts of one
    // batch at a time.
    for batch in stride(from: 0, to: plan.stale.count, by: Summarizer.batchSize) {
      var jobs: [SummaryJob] = []
      for task in plan.stale[batch..<min(batch + Summarizer.batchSize, plan.stale.count)] {
        switch try content(of: task) {
        case .success(let text): jobs.append(SummaryJob(task: task, text: text))
        case .failure(let skip):
          done += 1
          report.skipped.append(
            .init(source: task.source, summary: task.summaryPath, reason: skip.reason))
        }
      }
      var writeError: (any Error)?
      let outcomes = await generator.generate(jobs, totalTimeout: clock.now.duration(to: end)) {
        _, job, outcome in
        done += 1
        progress(done, plan.stale.count, job.task.source)
        guard case .generated(let summary) = outcome else { return }
        if allOrNothing {
          pending.append((job.task.summaryPath, summary))
        } else if writeError == nil {
          do { try files.write(summary.rendered(), to: job.task.summaryPath) } catch {
            writeError = error
          }
        }
      }
      if let writeError { throw writeError }
      for (job, outcome) in zip(jobs, outcomes) {
        let task = job.task
        switch outcome {
        case .generated(let summary):
          report.written.append(
            .init(
              source: task.source, summary: task.summaryPath, model: summary.model,
              reason: task.reason.rawValue))
        case .failed(let message):
          report.failed.append(
            .init(
              source: task.source, summary: task.summaryPath, reason: task.reason.rawValue,
              error: message))
        }
      }
    }
    if allOrNothing && !report.failed.isEmpty {
      report.written = []
      report.abandoned = true
      return report
    }
    for (path, summary) in pending { try files.write(summary.rendered(), to: path) }
    for move in plan.moves {
      try files.write(move.summary.rendered(), to: move.to)
      if move.from != move.to { files.remove(move.from) }
      report.moved.append(.init(from: move.from, to: move.to))
    }
    for path in plan.removals {
      files.remove(path)
      report.removed.append(path)
    }
    report.restaged = plan.restage
    if stage {
      let gone = report.removed + report.moved.filter { $0.from != $0.to }.map(\.from)
      if !gone.isEmpty { try repository.remove(paths: gone) }
      let added = report.written.map(\.summary) + report.moved.map(\.to) + report.restaged
      if !added.isEmpty { try repository.add(paths: added) }
    }
    return report
  }

  struct Skip: Error { var reason: String }

  /// The staged text of a source, or why it is skipped: the index's rule (`BlobContent`), so a
  /// binary file, a Git LFS pointer or a file over `index.maxFileBytes` costs no model call.
  func content(of task: SummaryTask) throws -> Result<String, Skip> {
    // The size first, so that a large blob is never read.
    let size = try repository.blobSize(task.blob)
    if size > maxBytes {
      return .failure(Skip(reason: "larger than index.maxFileBytes (\(size) bytes)"))
    }
    switch BlobContent.classify(try repository.blob(task.blob), maxBytes: maxBytes) {
    case .text(let text): return .success(text)
    case .binary: return .failure(Skip(reason: "binary"))
    case .lfsPointer: return .failure(Skip(reason: "a Git LFS pointer"))
    case .tooLarge: return .failure(Skip(reason: "larger than index.maxFileBytes (\(size) bytes)"))
    }
  }
}
