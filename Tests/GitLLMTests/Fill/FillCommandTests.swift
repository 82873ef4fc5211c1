import Foundation
import Testing
@testable import GitLLM

/// The `git-llm fill` binary end to end, answering from cassettes recorded through the library
/// (the same requests the binary sends: model "default" when none is configured, pytest).
@Suite struct FillCommandTests {
  struct Report: Decodable {
    struct Result: Decodable {
      struct Stub: Decodable { var path: String }
      struct Attempt: Decodable { var outcome: String }
      var stub: Stub
      var passed: Bool
      var attempts: [Attempt]
    }
    var stubs: [Result]
  }

  let options = FillOptions(model: "default", maxAttempts: 4, testCommand: nil, runner: TestRunner(timeout: .seconds(30)))

  @Test func testFirstStopsForReviewThenFills() async throws {
    let repo = try TestRepository("testfirst")
    try repo.commit("empty")
    let cassette = try ScratchDirectory("cassette")
    // Record: generate the test, then fill the new stub, in a copy of the repository.
    let copy = try TestRepository("testfirst-copy")
    let generated = "```python\nfrom primes import sum_primes\ndef test_four():\n    assert sum_primes(4) == 17\n```\n"
    let generator = FillScriptedProvider(["primes.py": [generated]])
    let prompt = "Return the sum of the first n primes"
    _ = try await TestFileGenerator(provider: RecordingProvider(base: generator, directory: cassette.path), model: "default")
      .generate(prompt: prompt, outputPath: "primes.py", testPath: "test_primes.py", root: copy.path)
    try copy.write("primes.py", TestFileGenerator.stubText(prompt: prompt, outputPath: "primes.py", testPath: "test_primes.py"))
    let filler = FillScriptedProvider(["primes.py": [FillFixture.wrong, FillFixture.right]])
    let recorded = await StubFiller(provider: RecordingProvider(base: filler, directory: cassette.path), options: options)
      .fill(Stub(path: "primes.py", objective: prompt, testPath: "test_primes.py"), root: copy.path)
    #expect(recorded.passed)

    let arguments = ["fill", "--prompt", prompt, "--test-file", "test_primes.py", "primes.py", "--replay", cassette.path]
    let first = try gitLLM(arguments, in: repo.path)
    #expect(first.status == 3, "\(first)")
    #expect(first.stdout.contains("assert sum_primes(4) == 17"))
    #expect(first.stderr.contains("review it"))
    #expect(try repo.read("test_primes.py").contains("def test_four"))
    #expect(!repo.scratch.exists("primes.py"))
    let second = try gitLLM(arguments + ["--json"], in: repo.path)
    #expect(second.status == 0, "\(second)")
    let report = try JSONDecoder().decode(Report.self, from: Data(second.stdout.utf8))
    #expect(report.stubs.map(\.attempts.count) == [2])
    #expect(try repo.read("primes.py").contains("candidate += 1"))
  }

  @Test func baseSelectsTheChangedStubsAndWritesTheStepSummary() async throws {
    let repo = try FillFixture.repository(extra: ["old.py": "# llm-stub: Old\nX = 1\n", "test_old.py": "def test_x(): assert False\n"])
    try repo.git("checkout", "-q", "-b", "feature")
    try repo.commit("touch primes", files: ["primes.py": FillFixture.stub + "# changed\n"])
    let cassette = try ScratchDirectory("cassette")
    let copy = try ScratchDirectory("copy")
    try copy.write("primes.py", FillFixture.stub + "# changed\n")
    try copy.write("test_primes.py", FillFixture.test)
    let stub = Stub(path: "primes.py", objective: "Return the sum of the first n primes", testPath: "test_primes.py")
    let scripted = FillScriptedProvider(["primes.py": [FillFixture.right]])
    _ = await StubFiller(provider: RecordingProvider(base: scripted, directory: cassette.path), options: options)
      .fill(stub, root: copy.path)
    let summary = try ScratchDirectory("summary")
    try summary.write("summary.md", "before\n")
    let result = try gitLLM(
      ["fill", "--base", "main", "--replay", cassette.path], in: repo.path,
      environment: ["GITHUB_STEP_SUMMARY": summary("summary.md")])
    #expect(result.status == 0, "\(result)")
    #expect(result.stdout.contains("primes.py"))
    #expect(!result.stdout.contains("old.py"))
    #expect(result.stdout.contains("1/1 stubs filled"))
    let markdown = try summary.read("summary.md")
    #expect(markdown.hasPrefix("before\n### git llm fill"))
    #expect(markdown.contains("| `primes.py` | 1 | ✅ passed |"))
    let rows = try Database(path: repo.path + "/.git/llm/fill.sqlite").query("SELECT outcome FROM attempts")
    #expect(rows.map { $0.string(0) } == ["passed"])
  }

  @Test func badInputAndAReplayMiss() throws {
    let repo = try FillFixture.repository(extra: ["plain.py": "x = 1\n"])
    let notStub = try gitLLM(["fill", "plain.py", "--replay", repo.path], in: repo.path)
    #expect(notStub.status == 2, "\(notStub)")
    #expect(notStub.stderr.contains("plain.py has no `llm-stub:` comment line"))
    #expect(try gitLLM(["fill", "--shard", "0/2", "--replay", repo.path], in: repo.path).status == 2)
    let missing = try gitLLM(["fill", "--replay", repo.path + "/nonexistent"], in: repo.path)
    #expect(missing.status == 2, "\(missing)")
    #expect(missing.stderr.contains("no such directory: \(repo.path)/nonexistent"))
    #expect(!missing.stdout.contains("FAILED"))
    let intoAFile = try gitLLM(["fill", "--record", repo.path + "/plain.py"], in: repo.path)
    #expect(intoAFile.status == 2, "\(intoAFile)")
    #expect(intoAFile.stderr.contains("not a directory: \(repo.path)/plain.py"))
    let cassette = try ScratchDirectory("empty")
    let miss = try gitLLM(["fill", "--replay", cassette.path], in: repo.path)
    #expect(miss.status == 1, "\(miss)")
    #expect(miss.stdout.contains("no recorded answer"))
    #expect(try repo.read("primes.py") == FillFixture.stub)
  }
}
