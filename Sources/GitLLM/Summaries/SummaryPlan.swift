/// Why a summary must be (re)generated.
public enum StaleReason: String, Sendable, Codable, Equatable {
  case missing
  case sourceChanged = "source-changed"
  /// Made by the offline outline while a model is now configured.
  case outline
  /// The file exists but its front matter cannot be read.
  case unreadable
  case forced
}

/// One summary to generate: the source, its staged blob and where the summary goes.
public struct SummaryTask: Sendable, Equatable {
  public var source: String
  public var blob: ObjectID
  public var summaryPath: String
  public var reason: StaleReason
}

/// A fresh summary whose file must move (its source was renamed) or whose `source:` line must
/// follow the source's new path; `from == to` for the latter.
public struct SummaryMove: Sendable, Equatable {
  public var from: String
  public var to: String
  public var summary: Summary
}

/// A summary the run must not write or delete, and why (its work-tree file holds edits git does
/// not have).
public struct KeptSummary: Sendable, Equatable, Codable {
  public var path: String
  public var reason: String

  /// The reason of a tracked summary whose work-tree file differs from the staged one.
  public static let unstagedChanges = "has unstaged changes"
}

/// What keeping the summaries fresh takes, worked out from the index and front matter only.
public struct SummaryPlan: Sendable, Equatable {
  public var stale: [SummaryTask] = []
  /// Summaries already fresh in the work tree but not staged: only `git add` is needed.
  public var restage: [String] = []
  public var moves: [SummaryMove] = []
  /// Summaries of sources deleted (or renamed to a non-source) in this change.
  public var removals: [String] = []
  /// Summaries that needed work but are left alone to keep the user's unstaged edits.
  public var kept: [KeptSummary] = []
  /// How many sources were checked.
  public var checked = 0

  public init() {}

  public var isEmpty: Bool { stale.isEmpty && restage.isEmpty && moves.isEmpty && removals.isEmpty }
}

/// Which sources a run looks at.
public enum SummaryScope: Sendable, Equatable {
  /// The sources staged for the next commit (what the pre-commit hook does).
  case staged
  /// Every tracked source.
  case all
  /// Tracked sources at these paths or under these folders.
  case paths([String])
}
