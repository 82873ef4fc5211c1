/// What a summaries run did, for people (one line each) and scripts (`--json`).
public struct SummaryReport: Sendable, Codable, Equatable {
  public struct Entry: Sendable, Codable, Equatable {
    public var source: String
    public var summary: String
    public var model: String?
    public var reason: String?
    public var error: String?
  }

  public struct Move: Sendable, Codable, Equatable {
    public var from: String
    public var to: String
  }

  /// Sources looked at.
  public var checked = 0
  public var written: [Entry] = []
  public var moved: [Move] = []
  public var removed: [String] = []
  /// Summaries already fresh in the work tree but not staged: staged when `staged`, else
  /// left for `git add`.
  public var restaged: [String] = []
  /// Binary or too large sources.
  public var skipped: [Entry] = []
  public var failed: [Entry] = []
  /// Summaries left as they are because their work-tree files hold unstaged edits.
  public var kept: [KeptSummary] = []
  /// Whether the changes were staged (else left in the work tree for `git add`).
  public var staged = false
  /// true when `required` stopped the run before anything was written.
  public var abandoned = false

  public init() {}

  /// Every summary path the run created, changed or deleted.
  public var touchedPaths: [String] {
    written.map(\.summary) + moved.flatMap { [$0.from, $0.to] } + removed + restaged
  }

  public var changedAnything: Bool { !touchedPaths.isEmpty }
}
