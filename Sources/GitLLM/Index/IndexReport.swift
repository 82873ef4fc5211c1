/// What one `git llm index` run did.
public struct IndexReport: Sendable, Equatable, Codable {
  public enum Mode: String, Sendable, Codable {
    /// Nothing changed since the indexed commit.
    case unchanged
    /// Only the paths that differ from the indexed commit were touched.
    case incremental
    /// Everything was (re)built; `reason` says why.
    case full
    /// HEAD is unborn: the index is empty.
    case empty
  }

  public var mode: Mode
  /// Why a full index ran: `requested`, `first run`, `indexed commit missing`, `include rules changed`.
  public var reason: String?
  public var from: String?
  public var to: String?
  public var filesIndexed = 0
  public var filesRemoved = 0
  public var filesMoved = 0
  public var filesUnchanged = 0
  /// Files kept as rows without chunks, by reason (`binary`, `lfs-pointer`, `too-large`).
  public var skipped: [String: Int] = [:]
  public var chunksWritten = 0
  /// False when the run stopped at its deadline; the next run continues from where it stopped.
  public var complete = true
  public var milliseconds = 0

  public init(mode: Mode) { self.mode = mode }

  /// One line for people: what was done and why.
  public var summary: String {
    var parts: [String] = []
    switch mode {
    case .unchanged: return "index is up to date at \(to.map { String($0.prefix(12)) } ?? "?")"
    case .empty: return "HEAD has no commit yet: the index is empty"
    case .full: parts.append("full index" + (reason.map { " (\($0))" } ?? ""))
    case .incremental: parts.append("incremental index \(from.map { String($0.prefix(12)) } ?? "empty")..\(to.map { String($0.prefix(12)) } ?? "")")
    }
    parts.append("\(filesIndexed) files indexed, \(chunksWritten) chunks")
    if filesRemoved > 0 { parts.append("\(filesRemoved) removed") }
    if filesMoved > 0 { parts.append("\(filesMoved) renamed") }
    let skippedCount = skipped.values.reduce(0, +)
    if skippedCount > 0 {
      parts.append("\(skippedCount) skipped (" + skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")")
    }
    parts.append("\(milliseconds) ms")
    return parts.joined(separator: ", ") + (complete ? "" : "; stopped at the time bound, the next run continues")
  }
}

/// Failures of the index commands.
public enum IndexError: Error, CustomStringConvertible, Equatable {
  /// Another process holds the index lock.
  case locked(path: String)
  /// No index has been built yet.
  case notIndexed
  /// The index folder cannot be written (permissions, a read-only file system).
  case unwritable(path: String, reason: String)

  public var description: String {
    switch self {
    case .locked(let path): "another git-llm is writing the index (lock \(path))"
    case .unwritable(let path, let reason): "cannot write the index at \(path): \(reason)"
    case .notIndexed: "no index yet: run `git llm index`"
    }
  }
}
