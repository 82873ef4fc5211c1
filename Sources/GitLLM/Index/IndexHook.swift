/// `git llm hook post-merge|post-checkout|post-rewrite`: a quiet, bounded incremental reindex that
/// never fails the git command.
public enum IndexHook {
  public static let names: Set<String> = ["post-merge", "post-checkout", "post-rewrite"]

  /// Whether the hook should reindex: post-checkout only for branch checkouts (third argument 1).
  public static func shouldRun(name: String, arguments: [String]) -> Bool {
    switch name {
    case "post-checkout": arguments.count >= 3 && arguments[2] == "1"
    case "post-merge", "post-rewrite": true
    default: false
    }
  }

  /// Runs the hook; returns at most one warning line for standard error, nil when all went well
  /// (or when another writer holds the lock: that writer brings the index up to date).
  public static func run(
    name: String, arguments: [String], repository: Repository, settings: Settings,
    embeddings: EmbeddingsClient? = nil
  ) async -> String? {
    guard shouldRun(name: name, arguments: arguments) else { return nil }
    let bound = settings.duration("index.hookTimeout") ?? .seconds(10)
    let clock = ContinuousClock()
    let deadline = clock.now + bound
    do {
      let report = try RepositoryIndex.update(
        repository: repository, rules: RepositoryIndex.rules(from: settings), lockTimeout: bound,
        deadline: deadline)
      guard report.complete else {
        return "index: stopped after \(bound) with work left; run `git llm index` to finish"
      }
      // Embedding is network work: only with time to spare; what is left waits for `git llm index`.
      if embeddings != nil, deadline - clock.now > .seconds(2) {
        let left = deadline - clock.now
        _ = try await RepositoryIndex.updateVectors(
          repository: repository, client: embeddings, lockTimeout: left, deadline: deadline)
      }
      return nil
    } catch IndexError.locked {
      return nil
    } catch {
      return "index: \(error)"
    }
  }
}
