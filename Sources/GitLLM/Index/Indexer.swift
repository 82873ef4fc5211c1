/// How a run of the indexer behaves.
public struct IndexOptions: Sendable {
  public var rules: IncludeRules
  /// Rebuild everything (the seed's `--reindex`).
  public var full: Bool
  /// Stop (keeping the work done) once this instant has passed: hooks are bounded.
  public var deadline: ContinuousClock.Instant?
  /// Commit a batch after this long, so a killed run keeps its progress.
  public var batchDuration: Duration
  public var chunker: Chunker
  /// Stops after this many files as if the deadline had passed (tests of interrupted runs).
  var fileLimit: Int?
  /// Symbolic links at HEAD (from the plan): listed as skipped, never read as content.
  var symlinks = Set<String>()

  public init(
    rules: IncludeRules = IncludeRules(), full: Bool = false, deadline: ContinuousClock.Instant? = nil,
    batchDuration: Duration = .seconds(1), chunker: Chunker = Chunker()
  ) {
    self.rules = rules
    self.full = full
    self.deadline = deadline
    self.batchDuration = batchDuration
    self.chunker = chunker
  }
}

/// Brings the index from its indexed commit to HEAD, touching only the paths that differ.
///
/// Crash safety: work is committed in batches. The first batch records HEAD in `target_commit`
/// (added to any targets of earlier unfinished runs); the last sets `indexed_commit` and clears
/// the targets. A later run rechecks every path in the diffs from the indexed commit to HEAD and
/// to each recorded target, comparing blob ids, so whatever a killed run left is repaired.
public final class Indexer {
  let repository: Repository
  let store: IndexStore

  public init(repository: Repository, store: IndexStore) {
    self.repository = repository
    self.store = store
  }

  /// Runs the index; the caller holds the index lock.
  public func run(_ options: IndexOptions) throws -> IndexReport {
    let clock = ContinuousClock()
    let started = clock.now
    var report = try update(options, clock: clock)
    report.milliseconds = Int((clock.now - started) / .milliseconds(1))
    return report
  }

  private func update(_ options: IndexOptions, clock: ContinuousClock) throws -> IndexReport {
    let database = store.database
    let writer = try IndexWriter(database: database)
    guard let head = try repository.head().commit else {
      try database.transaction {
        try writer.clear()
        try store.setMeta(IndexMeta.indexedCommit, nil)
        try store.setMeta(IndexMeta.targetCommit, nil)
      }
      return IndexReport(mode: .empty)
    }
    var targets = try store.targetCommits()
    let indexed = try store.meta(IndexMeta.indexedCommit)
    var reason: String?
    if options.full {
      reason = "requested"
    } else if indexed == nil {
      reason = "first run"
    } else if try store.meta(IndexMeta.rules) != options.rules.fingerprint
      || store.meta(IndexMeta.tokenizer) != IndexSchema.tokenizer
    {
      reason = "include rules changed"
    } else if let indexed, indexed != IndexMeta.emptyBase,
      ObjectID(hex: indexed).map(repository.hasCommit) != true
    {
      reason = "indexed commit \(indexed.prefix(12)) is missing (shallow clone or gc)"
    } else if targets.contains(where: { ObjectID(hex: $0).map(repository.hasCommit) != true }) {
      reason = "an unfinished run's commit is missing"
    }
    var base: ObjectID? = indexed.flatMap(ObjectID.init(hex:))
    if reason != nil {
      try database.transaction {
        try writer.clear()
        try store.setMeta(IndexMeta.indexedCommit, IndexMeta.emptyBase)
        try store.setMeta(IndexMeta.targetCommit, nil)
        try store.setMeta(IndexMeta.rules, options.rules.fingerprint)
        try store.setMeta(IndexMeta.tokenizer, IndexSchema.tokenizer)
        try store.setMeta(IndexMeta.schemaVersion, String(IndexSchema.version))
      }
      base = nil
      targets = []
    }
    var report = IndexReport(mode: reason == nil ? .incremental : .full)
    report.reason = reason
    report.from = base?.hex
    report.to = head.hex
    if base == head && targets.isEmpty {
      report.mode = .unchanged
      return report
    }
    let plan = try IndexPlan(
      repository: repository, base: base, head: head,
      targets: targets.compactMap(ObjectID.init(hex:)).filter { $0 != head }, rules: options.rules)
    let allTargets = (targets + [head.hex]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }

    var batchStart = clock.now
    var inBatch = false
    func begin() throws {
      try database.execute("BEGIN IMMEDIATE")
      inBatch = true
      batchStart = clock.now
      try store.setMeta(IndexMeta.targetCommit, allTargets.joined(separator: " "))
    }
    func commit() throws {
      try database.execute("COMMIT")
      inBatch = false
    }
    do {
      try begin()
      let fresh = reason != nil
      for (new, old) in plan.moves where try !fresh && writer.blob(at: old) == plan.desired[new]??.hex
        && writer.blob(at: new) == nil
      {
        try writer.move(from: old, to: new)
        report.filesMoved += 1
      }
      // Decide first (reads only), then write; the blobs of the files to write are prepared
      // meanwhile, on a second thread when there are many.
      var actions: [(path: String, write: ObjectID?, replace: Bool)] = []
      for path in plan.paths {
        let current = fresh ? nil : try writer.blob(at: path)
        switch plan.desired[path] ?? nil {
        case nil:
          if current != nil { actions.append((path, nil, true)) }
        case let blob?:
          if current == blob.hex {
            report.filesUnchanged += 1
          } else {
            actions.append((path, blob, current != nil))
          }
        }
      }
      var options = options
      options.symlinks = plan.symlinks
      let preparer = FilePreparer(
        repository: repository, files: actions.compactMap { action in action.write.map { (action.path, $0) } },
        options: options)
      defer { preparer.finish() }
      for action in actions {
        if let deadline = options.deadline, clock.now >= deadline {
          report.complete = false
          break
        }
        if let limit = options.fileLimit, report.filesIndexed + report.filesRemoved >= limit {
          report.complete = false
          break
        }
        if clock.now - batchStart >= options.batchDuration {
          try commit()
          try begin()
        }
        if action.replace { try writer.delete(path: action.path) }
        guard action.write != nil else {
          report.filesRemoved += 1
          continue
        }
        let prepared = try preparer.next()
        try writer.insert(prepared)
        if let skipped = prepared.file.skipped { report.skipped[skipped, default: 0] += 1 }
        report.filesIndexed += 1
        report.chunksWritten += prepared.chunks.count
      }
      if report.complete {
        try store.setMeta(IndexMeta.indexedCommit, head.hex)
        try store.setMeta(IndexMeta.targetCommit, nil)
      }
      try commit()
    } catch {
      if inBatch { try? database.execute("ROLLBACK") }
      throw error
    }
    return report
  }
}
