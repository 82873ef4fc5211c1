import Foundation
import Testing
@testable import GitLLM

@Suite struct FailureTrimmerTests {
  @Test func stripsRootsTemporaryFoldersAndTimings() {
    let trimmer = FailureTrimmer(roots: ["/work/repo", "/tmp/git-llm-fill-abc/0"])
    let text = trimmer.trim(
      """
      File "/tmp/git-llm-fill-abc/0/primes.py", line 3, in sum_primes
      rootdir: /work/repo
      Ran 2 tests in 0.004s
      1 failed, 1 passed in 0.12s
      Test run with 3 tests passed after 0.002 seconds.
      2024-05-01T12:00:00.123Z starting
      """)
    #expect(
      text == """
        File "primes.py", line 3, in sum_primes
        rootdir: .
        Ran 2 tests
        1 failed, 1 passed
        Test run with 3 tests passed.
         starting
        """)
  }

  @Test func keepsHeadTailAndErrorBlocksWithinTheLimit() {
    var lines = (1...400).map { "noise line \($0) with some padding to make it long enough" }
    lines[200] = "Traceback (most recent call last):"
    lines[201] = "  File \"x.py\", line 1"
    lines[202] = "ZeroDivisionError: division by zero"
    let trimmer = FailureTrimmer(roots: [], limit: 4000)
    let text = trimmer.trim(lines.joined(separator: "\n"))
    #expect(text.count <= 4000 + 40)
    #expect(text.hasPrefix("noise line 1 "))
    #expect(text.hasSuffix("noise line 400 with some padding to make it long enough"))
    #expect(text.contains("Traceback (most recent call last):\n  File \"x.py\", line 1\nZeroDivisionError"))
    #expect(text.contains("lines omitted"))
    #expect(!text.contains("noise line 100 "))
  }

  @Test func shortOutputIsKeptWhole() {
    let output = "E   assert 1 == 2\nFAILED test_x.py::test_y"
    #expect(FailureTrimmer(roots: []).trim(output) == output)
  }
}
