import Foundation

/// The pre-commit hook's work: regenerate the stale summaries of the staged sources, write and
/// stage them, and decide whether the commit goes on.
public enum PreCommitSummaries {
  /// The exit status and the lines for standard error.
  public struct Result: Sendable {
    public var status: Int32
    public var messages: [String]
    public var report: SummaryReport?
  }

  /// Runs the hook. Never throws: every failure becomes a status and a message.
  /// - Returns: status 0 unless `summaries.required` stopped the commit, or under the pre-commit
  ///   framework (`PRE_COMMIT=1`) summaries were written for the user to `git add`.
  public static func run(
    repository: Repository, settings: Settings, provider: (any ChatProvider)?,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) async -> Result {
    await run(
      repository: repository, settings: settings, modelConfigured: provider != nil,
      makeProvider: { provider }, environment: environment)
  }

  /// Runs the hook, making the provider only when a summary is stale, so that a provider that
  /// cannot be made (a missing key) costs the commits that need no summary nothing.
  public static func run(
    repository: Repository, settings: Settings, modelConfigured: Bool,
    makeProvider: () throws -> (any ChatProvider)?,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) async -> Result {
    guard repository.workingDirectory != nil else { return Result(status: 0, messages: []) }
    let required = settings.bool("summaries.required") ?? false
    let framework = environment["PRE_COMMIT"] == "1"
    let failStatus: Int32 = required ? 1 : 0
    let planner = SummaryPlanner(
      repository: repository, layout: SummaryLayout(settings: settings),
      modelConfigured: modelConfigured)
    let plan: SummaryPlan
    do {
      plan = try planner.plan(.staged)
    } catch {
      return Result(
        status: failStatus,
        messages: [failureLine(required, "cannot read the staged files: \(error)")])
    }
    let layout = SummaryLayout(settings: settings)
    if required, !plan.kept.isEmpty {
      return Result(
        status: 1,
        messages: plan.kept.map { keptLine($0, layout: layout, required: true) }
          + [
            "git-llm: error: the commit is stopped because summaries.required is set and "
              + "\(plan.kept.count == 1 ? "a summary" : "summaries") could not be updated "
              + "without losing unstaged edits (git commit --no-verify skips this)"
          ])
    }
    let kept = plan.kept.map { keptLine($0, layout: layout, required: false) }
    if plan.isEmpty { return Result(status: 0, messages: kept) }
    let provider: (any ChatProvider)?
    do {
      provider = plan.stale.isEmpty ? nil : try makeProvider()
    } catch {
      return Result(
        status: failStatus, messages: [failureLine(required, "summaries not updated: \(error)")])
    }
    let summarizer = Summarizer(
      repository: repository, generator: SummaryGenerator(settings: settings, provider: provider),
      stage: !framework, allOrNothing: required,
      totalTimeout: settings.duration("summaries.totalTimeout") ?? .seconds(120),
      maxBytes: settings.int("index.maxFileBytes") ?? 1_048_576)
    let report: SummaryReport
    do {
      report = try await summarizer.run(plan)
    } catch {
      return Result(
        status: failStatus, messages: [failureLine(required, "summaries not updated: \(error)")])
    }
    var outcome = result(for: report, required: required, framework: framework)
    outcome.messages = kept + outcome.messages
    return outcome
  }

  /// One line naming a summary left alone, why, and how to update it.
  static func keptLine(_ kept: KeptSummary, layout: SummaryLayout, required: Bool) -> String {
    let source = layout.source(forSummaryPath: kept.path)
    let clear =
      kept.reason == KeptSummary.unstagedChanges
      ? "save your edits elsewhere and git restore \(kept.path)" : "move it away"
    let update = source.map { ", then git llm summarize \($0)" } ?? ""
    return "git-llm: \(required ? "error" : "warning"): \(kept.path) \(kept.reason), so it was "
      + "left as it is and not updated; to update it, \(clear)\(update)"
  }

  static func result(for report: SummaryReport, required: Bool, framework: Bool) -> Result {
    var messages: [String] = []
    if let first = report.failed.first {
      let count = report.failed.count
      let total = report.failed.count + report.written.count
      let what = "\(count) of \(total) summar\(total == 1 ? "y" : "ies")"
      let why = "\(first.source): \(first.error ?? "failed")"
      if required {
        let line =
          "error: \(what) could not be generated (\(why)); nothing was written and the "
          + "commit is stopped because summaries.required is set (git commit --no-verify skips this)"
        return Result(status: 1, messages: ["git-llm: " + line], report: report)
      }
      messages.append("git-llm: warning: \(what) not updated (\(why)); the commit goes on")
    }
    if framework {
      let paths = report.touchedPaths
      guard !paths.isEmpty else { return Result(status: 0, messages: messages, report: report) }
      messages += paths.map { "git-llm: updated \($0)" }
      messages.append("summaries updated: git add them")
      return Result(status: 1, messages: messages, report: report)
    }
    if messages.isEmpty, report.changedAnything {
      let count =
        report.written.count + report.moved.count + report.removed.count + report.restaged.count
      messages.append("git-llm: \(count) summar\(count == 1 ? "y" : "ies") updated and staged")
    }
    return Result(status: 0, messages: messages, report: report)
  }

  private static func failureLine(_ required: Bool, _ message: String) -> String {
    required
      ? "git-llm: error: \(message); the commit is stopped because summaries.required is set"
      : "git-llm: warning: \(message); the commit goes on"
  }
}

extension SummaryGenerator {
  /// A generator configured from `llm.*` and `summaries.*`; `provider` nil makes outlines.
  public init(settings: Settings, provider: (any ChatProvider)?) {
    self.init(
      provider: provider, model: settings["llm.model"] ?? "",
      maxTokens: min(settings.int("llm.maxTokens") ?? 1024, 1024),
      timeout: settings.duration("summaries.timeout") ?? .seconds(60), concurrency: 4)
  }
}
