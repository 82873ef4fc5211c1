import Foundation

/// Finds stale summaries from the index entries and the summaries' front matter: no hashing of
/// sources, no model call.
public struct SummaryPlanner {
  let repository: Repository
  public var layout: SummaryLayout
  /// Whether a model is configured, which makes outline summaries stale.
  public var modelConfigured: Bool
  public var force: Bool

  public init(
    repository: Repository, layout: SummaryLayout, modelConfigured: Bool, force: Bool = false
  ) {
    self.repository = repository
    self.layout = layout
    self.modelConfigured = modelConfigured
    self.force = force
  }

  /// Works out the plan for a scope.
  /// - Throws: `GitError` when the index or an object cannot be read.
  public func plan(_ scope: SummaryScope) throws -> SummaryPlan {
    var plan = SummaryPlan()
    var candidates: [(source: String, blob: ObjectID)] = []
    var renames: [String: String] = [:]  // new source → old source
    // The hook's hot path reads the index file itself (see IndexSnapshot); libgit2 otherwise.
    let snapshot = scope == .staged ? IndexSnapshot.load(repository) : nil
    switch scope {
    case .staged:
      let changes =
        try snapshot.flatMap { try repository.stagedChanges($0) } ?? repository.stagedChanges()
      // A staged summary is checked too, even when its source is not staged: after
      // `git commit PATH` git's own index keeps the summary it had, and committing that back
      // would undo the fresh one.
      var summarised: Set<String> = []
      for change in changes {
        for path in [change.oldPath, change.newPath].compactMap({ $0 }) {
          if let source = layout.source(forSummaryPath: path), layout.isSource(source) {
            summarised.insert(source)
          }
        }
        let oldIsSource = change.oldPath.map(layout.isSource) ?? false
        let newIsSource = change.newPath.map(layout.isSource) ?? false
        if let newPath = change.newPath, let blob = change.newBlob, newIsSource {
          candidates.append((newPath, blob))
          if change.status == .renamed, let old = change.oldPath, oldIsSource {
            renames[newPath] = old
          }
        }
        if let oldPath = change.oldPath, oldIsSource,
          change.status == .deleted || change.status == .renamed
        {
          if !(change.status == .renamed && newIsSource) {
            plan.removals.append(layout.summaryPath(forSource: oldPath))
          }
        }
      }
      summarised.subtract(candidates.map(\.source))
      summarised.subtract(renames.values)
      let sources = summarised.sorted()
      let blobs = try stagedBlobs(sources, snapshot)
      candidates += sources.compactMap { source in blobs[source].map { (source, $0) } }
      candidates = try summarisable(candidates, snapshot)
    case .all:
      candidates = try repository.indexEntries().filter(isSummarisable).map { ($0.path, $0.blob) }
    case .paths(let paths):
      let wanted = paths.map(Self.normalised)
      let entries = try repository.indexEntries()
      try check(wanted, against: entries)
      candidates = entries.filter { entry in
        isSummarisable(entry)
          && wanted.contains { $0.isEmpty || entry.path == $0 || entry.path.hasPrefix($0 + "/") }
      }.map { ($0.path, $0.blob) }
    }
    plan.checked = candidates.count
    let summaryPaths =
      candidates.map { layout.summaryPath(forSource: $0.source) }
      + renames.values.map { layout.summaryPath(forSource: $0) }
    let staged = try stagedBlobs(summaryPaths, snapshot)
    for (source, blob) in candidates {
      let path = layout.summaryPath(forSource: source)
      let current = try read(path, staged: staged[path])
      if force {
        plan.stale.append(
          SummaryTask(source: source, blob: blob, summaryPath: path, reason: .forced))
        if let old = renames[source] { plan.removals.append(layout.summaryPath(forSource: old)) }
      } else if current.exists, let reason = staleness(current.data, blob: blob) {
        // A fresh copy may already wait in the work tree (written but not staged).
        if current.staged, let disk = try? Data(contentsOf: URL(fileURLWithPath: absolute(path))),
          staleness(disk, blob: blob) == nil
        {
          plan.restage.append(path)
        } else {
          plan.stale.append(
            SummaryTask(source: source, blob: blob, summaryPath: path, reason: reason))
        }
      } else if current.exists, let summary = Summary.parse(current.data), summary.source != source
      {
        plan.moves.append(SummaryMove(from: path, to: path, summary: retargeted(summary, source)))
      } else if !current.exists, let old = renames[source] {
        let oldPath = layout.summaryPath(forSource: old)
        let previous = try read(oldPath, staged: staged[oldPath])
        if previous.exists, staleness(previous.data, blob: blob) == nil,
          let summary = Summary.parse(previous.data)
        {
          plan.moves.append(
            SummaryMove(from: oldPath, to: path, summary: retargeted(summary, source)))
        } else {
          if previous.exists { plan.removals.append(oldPath) }
          plan.stale.append(
            SummaryTask(source: source, blob: blob, summaryPath: path, reason: .missing))
        }
      } else if !current.exists {
        plan.stale.append(
          SummaryTask(source: source, blob: blob, summaryPath: path, reason: .missing))
      }
    }
    // Removals only of summaries that exist somewhere.
    let removalStaged = try stagedBlobs(plan.removals, snapshot)
    plan.removals = plan.removals.filter {
      removalStaged[$0] != nil || FileManager.default.fileExists(atPath: absolute($0))
    }
    return try keepingUnstagedEdits(plan, snapshot)
  }

  func stagedBlobs(_ paths: [String], _ snapshot: IndexSnapshot?) throws -> [String:
    ObjectID]
  {
    guard let snapshot else { return try repository.stagedBlobs(paths: paths) }
    var found: [String: ObjectID] = [:]
    for path in paths { found[path] = snapshot.blob(at: path) }
    return found
  }

  /// Why a summary's bytes are stale for `blob`, or nil when it is fresh.
  func staleness(_ data: Data, blob: ObjectID) -> StaleReason? {
    guard let matter = SummaryFrontMatter.parse(data), let recorded = matter.sourceBlob,
      !SummaryFrontMatter.containsConflictMarkers(data)
    else {
      return .unreadable
    }
    if recorded != blob { return .sourceChanged }
    if modelConfigured && matter.model == Summary.outlineModel { return .outline }
    return nil
  }

  /// The summary as staged when it is in the index, else the work-tree file.
  private func read(_ path: String, staged: ObjectID?) throws -> (
    exists: Bool, staged: Bool, data: Data
  ) {
    if let staged { return (true, true, try repository.blob(staged)) }
    if let data = try? Data(contentsOf: URL(fileURLWithPath: absolute(path))) {
      return (true, false, data)
    }
    return (false, false, Data())
  }

  private func retargeted(_ summary: Summary, _ source: String) -> Summary {
    var copy = summary
    copy.source = source
    return copy
  }

  func absolute(_ path: String) -> String { (repository.workingDirectory ?? ".") + "/" + path }

  static func normalised(_ path: String) -> String {
    var path = path
    while path.hasPrefix("./") { path.removeFirst(2) }
    while path.hasSuffix("/") { path.removeLast() }
    return path == "." ? "" : path
  }
}
