import Foundation
import Testing

@testable import GitLLM

@Suite struct MemoryCommandTests {
  typealias Fixture = MemoryExportFixture

  func run(_ arguments: [String], in repo: TestRepository, input: String? = nil) throws
    -> ProcessResult
  {
    try gitLLM(arguments, in: repo.path, input: input)
  }

  func listed(_ repo: TestRepository, _ extra: [String] = []) throws -> [[String: Any]] {
    let result = try run(["memory", "list", "--json"] + extra, in: repo)
    #expect(result.status == 0, "\(result)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
  }

  @Test func addListAndClearKeepTheHistoryFiles() throws {
    let repo = try TestRepository("memory-cli")
    try repo.commit("initial")
    var result = try run(["memory", "add", "--namespace", "debugger", "I like okapis."], in: repo)
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.contains("added message 1 to debugger"))
    result = try run(
      ["memory", "add", "--namespace", "debugger", "--role", "assistant"], in: repo,
      input: "Okapis are\nshy.\n")
    #expect(result.status == 0, "\(result)")
    result = try run(["memory", "add", "--role", "robot", "hi"], in: repo)
    #expect(result.status == 2 && result.stderr.contains("unknown role"))
    result = try run(["memory", "add", "--namespace", "../etc", "hi"], in: repo)
    #expect(result.status == 2 && result.stderr.contains("invalid namespace"))

    let messages = try listed(repo, ["--namespace", "debugger"])
    #expect(messages.map { $0["text"] as? String } == ["I like okapis.", "Okapis are\nshy.\n"])
    #expect(messages.map { $0["role"] as? String } == ["user", "assistant"])
    #expect(messages.first?["source"] as? String == "cli")
    #expect(try listed(repo, ["--namespace", "debugger", "-n", "1"]).count == 1)
    #expect(try listed(repo).isEmpty)  // the default namespace
    let text = try run(["memory", "list", "--namespace", "debugger"], in: repo)
    #expect(text.stdout.contains("#2 ") && text.stdout.contains("assistant: Okapis are\n    shy."))

    // A history file standing in for the traffic log: clear must leave it alone.
    try repo.write(".git/llm/history/debugger/2026-11-27.jsonl", "{\"id\":\"x\"}\n")
    result = try run(["memory", "clear", "--namespace", "debugger"], in: repo)
    #expect(result.status == 0 && result.stdout.contains("cleared 2 messages"), "\(result)")
    #expect(try listed(repo, ["--namespace", "debugger"]).isEmpty)
    #expect(try repo.read(".git/llm/history/debugger/2026-11-27.jsonl") == "{\"id\":\"x\"}\n")
    #expect(FileManager.default.fileExists(atPath: repo.path + "/.git/llm/memory.sqlite"))
  }

  @Test func importChatGPTReportsCountsAndIsIdempotent() throws {
    let repo = try TestRepository("memory-import")
    try repo.commit("initial")
    let export =
      repo.path + "/../" + URL(fileURLWithPath: repo.path).lastPathComponent + "-conversations.json"
    try Fixture.write([Fixture.animals, Fixture.tools, Fixture.single], to: export)
    defer { try? FileManager.default.removeItem(atPath: export) }
    var result = try run(
      ["memory", "import-chatgpt", export, "--namespace", "chat", "--json"], in: repo)
    #expect(result.status == 0, "\(result)")
    let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(report?["imported"] as? Int == 11)
    #expect(report?["skipped"] as? Int == 0)
    #expect(report?["conversations"] as? Int == 3)
    #expect(result.stderr.contains("100% (3 conversations)"))
    #expect(!result.stderr.contains("100% (1 conversations)"))
    let texts = try listed(repo, ["--namespace", "chat"]).map { $0["text"] as? String }
    #expect(
      texts.prefix(4) == [
        "Name a random animal to draw.", "An axolotl, the \"walking fish\".",
        "Make it cuter — ünïcödé ✓", "A baby axolotl\nwearing a tiny hat.",
      ])

    result = try run(["memory", "import-chatgpt", export, "--namespace", "chat"], in: repo)
    #expect(
      result.stdout.contains("imported 0 messages from 3 conversations into chat; skipped 11"),
      "\(result)")

    try Data(try Fixture.data([Fixture.animals]).dropLast(5)).write(
      to: URL(fileURLWithPath: export))
    result = try run(["memory", "import-chatgpt", export, "--namespace", "fresh"], in: repo)
    #expect(result.status == 2, "\(result)")
    #expect(result.stderr.contains("malformed ChatGPT export"))
    #expect(result.stderr.contains("ends inside conversation #1"))
    #expect(try listed(repo, ["--namespace", "fresh"]).isEmpty)

    // One `message` record per imported message, written after the import committed: the
    // re-import and the failed import wrote none.
    let folder = repo.path + "/.git/llm/history"
    let lines = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      $0.hasSuffix(".jsonl")
    }
    .flatMap {
      try String(contentsOfFile: "\(folder)/\($0)", encoding: .utf8).split(separator: "\n")
    }
    #expect(lines.count == 11)
    #expect(
      lines.allSatisfy {
        $0.contains(#""kind":"message""#) && $0.contains(#""command":"memory import-chatgpt""#)
      })
    #expect(lines.contains { $0.contains("Make it cuter") })
  }

  @Test func largeExportImportsWithBoundedMemory() throws {
    let repo = try TestRepository("memory-large")
    try repo.commit("initial")
    let scratch = try ScratchDirectory("large-export")
    // 1,000 conversations of 5 messages of ~10 KB: about 50 MB on one line (few, large messages
    // keep the run short on a shared machine).
    try Fixture.write(
      Fixture.generated(count: 1000, messages: 5, bytes: 10_000), to: scratch("big.json"))
    let size = try #require(
      try FileManager.default.attributesOfItem(atPath: scratch("big.json"))[.size] as? Int)
    #expect(size > 50_000_000)
    let result = try MemoryRusage.run(
      Subprocess.gitLLMBinary,
      ["memory", "import-chatgpt", "-C", repo.path, scratch("big.json"), "--json"],
      environment: Subprocess.hermeticEnvironment)
    #expect(result.status == 0, "\(result.stderr)")
    let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(report?["imported"] as? Int == 5_000)
    #expect((report?["peak_buffered_bytes"] as? Int ?? .max) < 2_000_000)
    // Reading the whole file and parsing it at once would need several times its size.
    #expect(result.samples > 10)
    #expect(
      result.peakRSSBytes < 120_000_000,
      "peak RSS \(result.peakRSSBytes) bytes for a \(size)-byte export")
    #expect(result.peakRSSBytes < size * 2)
  }
}
