import Foundation

/// Why `summarize PATH` cannot summarise a path it was given.
public struct SummaryPathError: Error, Equatable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { "\(path): \(reason)" }
}

extension SummaryPlanner {
  /// Whether an index entry gets a summary: a source by the layout, not a symlink (its blob is
  /// a path, not content), not an intent-to-add placeholder (`git commit` leaves it out).
  func isSummarisable(_ entry: IndexEntry) -> Bool {
    layout.isSource(entry.path) && !entry.isSymlink && !entry.intentToAdd
  }

  /// The staged candidates that are summarisable entries (see `isSummarisable`).
  func summarisable(_ candidates: [(source: String, blob: ObjectID)], _ snapshot: IndexSnapshot?)
    throws -> [(source: String, blob: ObjectID)]
  {
    if let snapshot {  // a snapshot never holds intent-to-add entries (it declines them)
      let link = UInt32(0o120000)
      return candidates.filter { snapshot.mode(at: $0.source) != link }
    }
    let entries = try repository.stagedEntries(paths: candidates.map(\.source))
    return candidates.filter { candidate in
      entries[candidate.source].map { !$0.isSymlink && !$0.intentToAdd } ?? false
    }
  }

  /// Checks that each path given to `summarize` is a summarisable source or a folder holding one.
  /// - Throws: `SummaryPathError` naming the first path that is not, and why.
  func check(_ paths: [String], against entries: [IndexEntry]) throws {
    for path in paths where !path.isEmpty {
      let inside = entries.filter { $0.path == path || $0.path.hasPrefix(path + "/") }
      if inside.contains(where: isSummarisable) { continue }
      if let entry = inside.first(where: { $0.path == path }) {
        throw SummaryPathError(path: path, reason: whyNotSummarised(entry))
      }
      if !inside.isEmpty {
        throw SummaryPathError(path: path, reason: "no summarised source in this folder")
      }
      let exists = FileManager.default.fileExists(atPath: absolute(path))
      throw SummaryPathError(
        path: path,
        reason: exists ? "not tracked (git add it first)" : "not in the index or the work tree")
    }
  }

  private func whyNotSummarised(_ entry: IndexEntry) -> String {
    if entry.intentToAdd { return "only intended to add (git add -N); git add it first" }
    if entry.isSymlink { return "a symlink; summaries describe file content" }
    if layout.source(forSummaryPath: entry.path) != nil || layout.isUnderDirectory(entry.path) {
      return "a summary, not a source"
    }
    if !layout.hasIncludedExtension(entry.path) {
      return "not a summarised source (its extension is not in summaries.include)"
    }
    return "not a summarised source (it is in an index.ignore folder)"
  }

  /// The plan without the summaries whose work-tree files hold edits git does not have: those
  /// are never written over or deleted, only reported in `kept`.
  func keepingUnstagedEdits(_ plan: SummaryPlan, _ snapshot: IndexSnapshot?) throws
    -> SummaryPlan
  {
    let touched = Set(
      plan.stale.map(\.summaryPath) + plan.removals + plan.moves.flatMap { [$0.from, $0.to] }
    ).sorted()
    guard !touched.isEmpty else { return plan }
    let staged = try stagedBlobs(touched, snapshot)
    var committed: [String: ObjectID]?
    var kept: [String: String] = [:]
    for path in touched {
      var info = stat()
      guard lstat(absolute(path), &info) == 0 else { continue }  // nothing there to lose
      guard info.st_mode & S_IFMT == S_IFREG else {
        kept[path] = "is not a regular file"
        continue
      }
      let work = try repository.workTreeBlob(path)
      if work == staged[path] { continue }
      // Content HEAD holds is not lost (the summary `git commit PATH` wrote, say).
      if committed == nil { committed = try repository.headBlobs(paths: touched) }
      if work == committed?[path] { continue }
      if staged[path] != nil {
        kept[path] = KeptSummary.unstagedChanges
      } else if let data = FileManager.default.contents(atPath: absolute(path)),
        Summary.parse(data) != nil, !SummaryFrontMatter.containsConflictMarkers(data)
      {
        continue  // an untracked summary (written by `summarize` or under the framework)
      } else {
        kept[path] = "is untracked and not a summary git-llm wrote"
      }
    }
    guard !kept.isEmpty else { return plan }
    var plan = plan
    plan.stale.removeAll { kept[$0.summaryPath] != nil }
    plan.removals.removeAll { kept[$0] != nil }
    plan.moves.removeAll { kept[$0.from] != nil || kept[$0.to] != nil }
    plan.kept = kept.keys.sorted().map { KeptSummary(path: $0, reason: kept[$0] ?? "") }
    return plan
  }
}
