import Foundation

/// The whole test command run once after the filled stubs are brought back.
public struct FinalCheck: Sendable, Equatable, Codable {
  public var command: String
  public var passed: Bool
  public var exitCode: Int32?
  public var output: String
}

/// A fill run's results.
public struct FillReport: Sendable, Equatable, Codable {
  public var stubs: [StubResult]
  public var finalChecks: [FinalCheck]
  public var seconds: Double

  public var passed: Bool { stubs.allSatisfy(\.passed) && finalChecks.allSatisfy(\.passed) }
}

/// Fills stubs in parallel (map), each in its own temporary worktree holding the work tree's
/// uncommitted and untracked files, then brings the successes back and runs their tests together
/// once (reduce).
public struct FillRun: Sendable {
  public var root: String
  public var filler: StubFiller
  public var jobs: Int
  /// Whether each stub gets its own worktree; a single stub is filled in place.
  public var isolate: Bool

  public init(root: String, filler: StubFiller, jobs: Int, isolate: Bool) {
    self.root = root
    self.filler = filler
    self.jobs = max(1, jobs)
    self.isolate = isolate
  }

  public func run(_ stubs: [Stub]) async throws -> FillReport {
    let started = ContinuousClock.now
    var results: [StubResult]
    if isolate {
      results = try await runIsolated(stubs)
    } else {
      results = []
      for stub in stubs {
        let path = root + "/" + stub.path
        if let data = FileManager.default.contents(atPath: path) {
          FillCleanup.shared.register(original: data, path: path)
        }
        results.append(await filler.fill(stub, root: root))
        FillCleanup.shared.unregister(original: path)
      }
    }
    results.sort { $0.stub.path < $1.stub.path }
    var checks: [FinalCheck] = []
    if isolate {
      let commands = results.filter(\.passed).map {
        TestCommand.resolve(template: filler.options.testCommand, stub: $0.stub)
      }
      var seen = Set<String>()
      for command in commands where seen.insert(command).inserted {
        let run = await filler.options.runner.run(command, in: root)
        checks.append(
          FinalCheck(
            command: command, passed: run.passed, exitCode: run.exitCode,
            output: run.passed ? "" : FailureTrimmer(roots: [root]).trim(run.output)))
      }
    }
    return FillReport(stubs: results, finalChecks: checks, seconds: (ContinuousClock.now - started).seconds)
  }

  private func runIsolated(_ stubs: [Stub]) async throws -> [StubResult] {
    let changes = try WorkTreeChanges.read(root: root)
    let parent = try FillRun.makeTemporaryFolder()
    defer {
      try? FileManager.default.removeItem(atPath: parent)
      _ = FillWorktree.git.runBlocking("git worktree prune", in: root)
    }
    let root = self.root
    let filler = self.filler
    return try await withThrowingTaskGroup(of: StubResult.self) { group in
      var results: [StubResult] = []
      var next = 0
      func start() {
        let index = next
        let stub = stubs[index]
        next += 1
        group.addTask {
          let tree = try FillWorktree.add(
            root: root, parent: parent, name: "\((parent as NSString).lastPathComponent)-\(index)", changes: changes,
            copying: [stub.path, stub.testPath])
          defer { tree.remove() }
          let result = await filler.fill(stub, root: tree.path, extraRoots: [root])
          if result.passed, let data = FileManager.default.contents(atPath: tree.path + "/" + stub.path) {
            try AtomicFile.write(data, to: root + "/" + stub.path)
          }
          return result
        }
      }
      while next < min(jobs, stubs.count) { start() }
      while let result = try await group.next() {
        results.append(result)
        if next < stubs.count { start() }
      }
      return results
    }
  }

  static func makeTemporaryFolder() throws -> String {
    var template = Array((FileManager.default.temporaryDirectory.path + "/git-llm-fill-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else {
      throw FillError.worktree("mkdtemp: \(String(cString: strerror(errno)))")
    }
    return String(cString: made)
  }
}
