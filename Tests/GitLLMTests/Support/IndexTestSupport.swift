import Foundation
import Testing
@testable import GitLLM

/// The (path, blob) pairs HEAD's tree holds after the include rules, from `git ls-tree`.
func expectedIndexFiles(_ repo: TestRepository, rules: IncludeRules = IncludeRules()) throws -> [String: String] {
  let listing = try repo.git("ls-tree", "-r", "-z", "HEAD")
  var files: [String: String] = [:]
  for entry in listing.split(separator: "\0") {
    guard let tab = entry.firstIndex(of: "\t") else { continue }
    let fields = entry[..<tab].split(separator: " ")
    let path = String(entry[entry.index(after: tab)...])
    if fields.count == 3, fields[1] == "blob", rules.includes(path: path) { files[path] = String(fields[2]) }
  }
  return files
}

/// The (path, blob) pairs the index holds, after checking its rows agree with each other and
/// the FTS5 index agrees with the chunks table.
func indexedFiles(_ repo: TestRepository) throws -> [String: String] {
  let store = try IndexStore(path: "\(repo.path)/.git/llm/index.sqlite")
  try store.database.run("INSERT INTO chunks_fts(chunks_fts, rank) VALUES('integrity-check', 1)")
  let mismatched = try store.database.query(
    """
    SELECT f.path FROM files f LEFT JOIN (SELECT path, count(*) AS n FROM chunks GROUP BY path) c
      ON c.path = f.path WHERE coalesce(c.n, 0) <> f.chunk_count
    UNION ALL SELECT DISTINCT path FROM chunks WHERE path NOT IN (SELECT path FROM files)
    UNION ALL SELECT f.path FROM files f WHERE f.chunk_count > 0 AND f.chunk_count <> (
      SELECT count(*) FROM chunks c
      WHERE c.id BETWEEN f.first_chunk AND f.first_chunk + f.chunk_count - 1 AND c.path = f.path)
    """)
  #expect(mismatched.isEmpty, "files and chunks disagree: \(mismatched.map { $0.string(0) ?? "" })")
  return Dictionary(uniqueKeysWithValues: try store.files().map { ($0.path, $0.blob) })
}

/// Checks the invariant: the index holds exactly HEAD's tree filtered by the include rules.
func expectIndexMatchesHead(
  _ repo: TestRepository, rules: IncludeRules = IncludeRules(), sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let expected = try expectedIndexFiles(repo, rules: rules)
  let actual = try indexedFiles(repo)
  #expect(actual == expected, sourceLocation: sourceLocation)
}

extension TestRepository {
  /// Copies the shims from the package's hooks/ folder into .git/hooks.
  func installIndexHooks() throws {
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../../hooks").standardized.path
    for name in ["post-merge", "post-checkout", "post-rewrite"] {
      let target = "\(path)/.git/hooks/\(name)"
      try? FileManager.default.removeItem(atPath: target)
      try FileManager.default.copyItem(atPath: "\(source)/\(name)", toPath: target)
    }
  }

  /// Runs git with the built git-llm first on PATH, so the installed hooks find it.
  @discardableResult
  func gitWithHooks(_ arguments: String...) throws -> ProcessResult {
    let binDir = URL(fileURLWithPath: Subprocess.gitLLMBinary).deletingLastPathComponent().path
    let path = binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let result = try Subprocess.run("/usr/bin/git", arguments, in: self.path, environment: ["PATH": path])
    guard result.status == 0 else {
      throw CommandFailure(command: "git " + arguments.joined(separator: " "), result: result)
    }
    return result
  }

  /// The index's recorded commit, read directly from the database.
  func indexedCommit() throws -> String? {
    try IndexStore(path: "\(path)/.git/llm/index.sqlite").indexedCommit()?.hex
  }

  /// Runs the indexer in process.
  @discardableResult
  func runIndexer(_ options: IndexOptions = IndexOptions()) throws -> IndexReport {
    let repository = try Repository(path: path)
    let store = try IndexStore(path: IndexStore.location(for: repository))
    return try Indexer(repository: repository, store: store).run(options)
  }
}
