import Foundation
import Testing
@testable import GitLLM

/// kill -9 of a real `git-llm index` process mid-run leaves a consistent index that the next run
/// completes.
@Suite struct IndexKillTests {
  static func writeFiles(_ repo: TestRepository, count: Int, version: Int) throws {
    for file in 0..<count {
      var text = ""
      for function in 0..<12 {
        text += "def function_\(file)_\(function)_v\(version)(value):\n"
        for line in 0..<10 { text += "    total = value * \(line) + \(file) # step \(line) of \(function)\n" }
        text += "    return total\n\n"
      }
      try repo.write("pkg\(file % 40)/module\(file).py", text)
    }
  }

  /// Starts `git-llm index`, waits until a batch is committed, kills it with SIGKILL.
  static func killMidRun(_ repo: TestRepository, when ready: (IndexStore) throws -> Bool) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Subprocess.gitLLMBinary)
    process.arguments = ["index"]
    process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
    process.environment = Subprocess.hermeticEnvironment
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let database = "\(repo.path)/.git/llm/index.sqlite"
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(30)
    while process.isRunning, clock.now < deadline {
      if FileManager.default.fileExists(atPath: database),
        let store = try? IndexStore(path: database, readOnly: true), (try? ready(store)) == true
      {
        break
      }
      usleep(10_000)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal, "the run finished before it could be killed")
  }

  @Test func killedFullAndIncrementalRunsLeaveAConsistentIndex() throws {
    let repo = try TestRepository("kill")
    try Self.writeFiles(repo, count: 1500, version: 1)
    try repo.commit("many files")

    try Self.killMidRun(repo) { try !$0.files().isEmpty }
    let partial = try indexedFiles(repo)  // consistent rows, FTS integrity checked
    #expect(partial.count > 0 && partial.count < 1500)
    #expect(try repo.indexedCommit() == nil)
    let resumed = try gitLLM(["index"], in: repo.path)
    #expect(resumed.status == 0, "\(resumed)")
    try expectIndexMatchesHead(repo)

    try Self.writeFiles(repo, count: 1500, version: 2)
    try repo.commit("touch every file")
    let before = try repo.indexedCommit()
    try Self.killMidRun(repo) { try !$0.targetCommits().isEmpty }
    let expected = try expectedIndexFiles(repo)
    let updated = try indexedFiles(repo).filter { expected[$0.key] == $0.value }.count
    #expect(updated > 0 && updated < 1500, "killed after \(updated) files")
    #expect(try repo.indexedCommit() == before)
    let healed = try gitLLM(["index"], in: repo.path)
    #expect(healed.status == 0 && healed.stdout.contains("incremental"), "\(healed)")
    try expectIndexMatchesHead(repo)
  }
}
