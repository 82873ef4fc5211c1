import Foundation
import Testing
@testable import GitLLM

@Suite struct StubFillerTests {
  let stub = Stub(path: "primes.py", objective: "Return the sum of the first n primes", testPath: "test_primes.py")

  @Test func fillsOnTheSecondAttemptWithTheFailureFedBack() async throws {
    let repo = try FillFixture.repository()
    let provider = FillScriptedProvider(["primes.py": [FillFixture.wrong, FillFixture.right]])
    let log = try FillAttemptLog(path: repo.path + "/.git/llm/fill.sqlite", head: nil, command: "test")
    let result = await StubFiller(provider: provider, options: FillFixture.options(), log: log)
      .fill(stub, root: repo.path)
    #expect(result.passed, "\(result)")
    #expect(result.attempts.map(\.outcome) == [.testsFailed, .passed])
    let requests = provider.requests(for: "primes.py")
    #expect(requests.count == 2)
    // The second request is the same conversation plus the failure, trimmed of paths and timings.
    let second = requests[1].messages
    #expect(second.count == 4)
    #expect(second[2] == .assistant(FillFixture.wrong))
    #expect(second[3].content.contains("AssertionError: 16 != 17"))
    #expect(second[3].content.contains("tests are correct and must not change"))
    #expect(!second[3].content.contains(repo.path))
    #expect(!second[3].content.contains(" in 0."))
    #expect(requests[0].messages[0].content.contains("must not change"))
    let filled = try repo.read("primes.py")
    #expect(filled.contains("candidate += 1"))
    #expect(!filled.contains("llm-stub:"))
    #expect(try repo.read("test_primes.py") == FillFixture.test)
    let rows = try Database(path: repo.path + "/.git/llm/fill.sqlite")
      .query("SELECT number, outcome, exit_code, prompt_tokens FROM attempts ORDER BY number")
    #expect(rows.map { $0.string(1) } == ["tests-failed", "passed"])
    #expect(rows.first?.int(2) == 1)
    #expect(rows.first?.int(3) == 100)
  }

  @Test func neverRightRestoresTheStubByteForByte() async throws {
    let original = FillFixture.stub + "\n\n# trailing bytes \u{00e9}\t\n"
    let repo = try FillFixture.repository(extra: ["primes.py": original])
    let provider = FillScriptedProvider(["primes.py": [FillFixture.wrong]])
    let result = await StubFiller(provider: provider, options: FillFixture.options(attempts: 3))
      .fill(stub, root: repo.path)
    #expect(!result.passed)
    #expect(result.attempts.count == 3)
    #expect(result.reason?.contains("tests still failing") == true)
    #expect(FileManager.default.contents(atPath: repo.path + "/primes.py") == Data(original.utf8))
    #expect(try repo.git("status", "--porcelain") == "")
  }

  @Test func anAnswerWithNoCodeIsAFailedAttempt() async throws {
    let repo = try FillFixture.repository()
    let provider = FillScriptedProvider(["primes.py": ["   \n", FillFixture.right]])
    let result = await StubFiller(provider: provider, options: FillFixture.options())
      .fill(stub, root: repo.path)
    #expect(result.passed)
    #expect(result.attempts.map(\.outcome) == [.noCode, .passed])
    #expect(provider.requests(for: "primes.py")[1].messages.last?.content.contains("held no code") == true)
  }

  @Test func anAnswerThatEditsTheTestIsDetected() async throws {
    let repo = try FillFixture.repository()
    // First: a fenced block for the test file. Second: code that rewrites the test when it runs.
    let editsTest = """
      ```python test_primes.py
      def test_nothing(): pass
      ```
      ```python primes.py
      def sum_primes(n): return 0
      ```
      """
    let rewritesTest = """
      ```python
      open("test_primes.py", "w").write("import unittest\\n")
      def sum_primes(n): return 0
      ```
      """
    let provider = FillScriptedProvider(["primes.py": [editsTest, rewritesTest, FillFixture.right]])
    let result = await StubFiller(provider: provider, options: FillFixture.options())
      .fill(stub, root: repo.path)
    #expect(result.passed)
    #expect(result.attempts.map(\.outcome) == [.editedTest, .editedTest, .passed])
    #expect(try repo.read("test_primes.py") == FillFixture.test)
    #expect(provider.requests(for: "primes.py")[1].messages.last?.content.contains("changed the test file") == true)
  }

  @Test func fillsWithPytestByDefault() async throws {
    let repo = try FillFixture.repository()
    let provider = FillScriptedProvider(["primes.py": [FillFixture.wrong, FillFixture.right]])
    let result = await StubFiller(provider: provider, options: FillFixture.options(command: nil))
      .fill(stub, root: repo.path)
    #expect(result.passed)
    let feedback = provider.requests(for: "primes.py")[1].messages.last?.content ?? ""
    #expect(feedback.contains("E       AssertionError: 16 != 17"), "\(feedback)")
    #expect(feedback.contains("1 failed, 1 passed\n"))
    #expect(provider.requests(for: "primes.py")[0].messages[1].content.contains("python3 -m pytest"))
  }

  @Test func aProviderErrorStopsAndRestores() async throws {
    let repo = try FillFixture.repository()
    let result = await StubFiller(provider: ReplayProvider(directory: repo.path + "/none"), options: FillFixture.options())
      .fill(stub, root: repo.path)
    #expect(!result.passed)
    #expect(result.attempts.map(\.outcome) == [.providerError])
    #expect(result.reason?.contains("no recorded answer") == true)
    #expect(try repo.read("primes.py") == FillFixture.stub)
  }
}
