import Foundation
import Testing
@testable import GitLLM

/// Isolated checkouts see the same tree as a fill in place: uncommitted, untracked and deleted
/// files included; and a repository with no commit yet is filled in place.
@Suite struct FillWorktreeTests {
  static func stub(_ name: String) -> String {
    "# llm-stub: Combine double and FACTOR\nfrom helpers import double\nfrom config import FACTOR\ndef \(name)(x):\n    raise NotImplementedError\n"
  }
  static func answer(_ name: String, _ operation: String) -> String {
    "```python\nfrom helpers import double\nfrom config import FACTOR\ndef \(name)(x):\n    return double(x) \(operation) FACTOR\n```\n"
  }
  static let testA = "from a import f\ndef test_f():\n    assert f(2) == 12\n"
  static let testB = "import importlib.util\nfrom b import g\ndef test_g():\n    assert g(2) == 7\n    assert importlib.util.find_spec('old') is None\n"

  /// Stubs a.py and b.py import helpers.py (untracked) and config.py (FACTOR 0 at HEAD, 3 in the
  /// work tree); old.py is deleted from the work tree; secret.txt is ignored.
  static func repository() throws -> TestRepository {
    let repo = try TestRepository("fill-worktree")
    try repo.commit("stubs", files: [
      "a.py": stub("f"), "test_a.py": testA, "b.py": stub("g"), "test_b.py": testB,
      "config.py": "FACTOR = 0\n", "old.py": "X = 1\n", ".gitignore": "secret.txt\n__pycache__/\n",
    ])
    try repo.write("config.py", "FACTOR = 3\n")
    try repo.write("lib/helpers_impl.py", "def double(x):\n    return 2 * x\n")
    try repo.write("helpers.py", "from lib.helpers_impl import double\n")
    try repo.write("secret.txt", "ignored\n")
    try repo.git("rm", "-q", "old.py")
    return repo
  }

  @Test func changesListModifiedUntrackedAndDeletedButNotIgnoredFiles() throws {
    let repo = try Self.repository()
    try repo.write("staged.py", "Y = 2\n")
    try repo.git("add", "staged.py")
    let changes = try WorkTreeChanges.read(root: repo.path)
    #expect(changes.present == ["config.py", "helpers.py", "lib/helpers_impl.py", "staged.py"])
    #expect(changes.deleted == ["old.py"])
  }

  @Test func isolatedStubsSeeUncommittedAndUntrackedFiles() async throws {
    let repo = try Self.repository()
    let provider = FillScriptedProvider(["a.py": [Self.answer("f", "*")], "b.py": [Self.answer("g", "+")]])
    let stubs = try StubSelection.all.stubs(in: Repository(path: repo.path))
    #expect(stubs.map(\.path).sorted() == ["a.py", "b.py"])
    let filler = StubFiller(
      provider: provider, options: FillFixture.options(command: "python3 -m pytest -q -p no:cacheprovider {test}"))
    let report = try await FillRun(root: repo.path, filler: filler, jobs: 2, isolate: true).run(stubs)
    #expect(report.passed, "\(report.table)")
    #expect(report.stubs.map(\.attempts.count) == [1, 1])
    #expect(report.finalChecks.count == 2 && report.finalChecks.allSatisfy(\.passed))
    #expect(try repo.read("a.py").contains("return double(x) * FACTOR"))
    #expect(try repo.read("config.py") == "FACTOR = 3\n")
    #expect(try repo.git("worktree", "list").split(separator: "\n").count == 1)
    let status = try repo.git("status", "--porcelain").split(separator: "\n")
      .map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(status.sorted() == ["?? helpers.py", "?? lib/", "D  old.py", "M a.py", "M b.py", "M config.py"])
  }

  @Test func twoStagedStubsWithNoCommitAreFilledInPlace() throws {
    let server = try LoopbackHTTPServer { request in
      let body = String(decoding: request.body, as: UTF8.self)
      let answer = body.contains("File to complete: a.py") ? Self.answer("f", "*") : Self.answer("g", "+")
      return .json(FillProviderEndToEndTests.completion(answer))
    }
    let repo = try TestRepository("fill-unborn")
    for (path, text) in [
      "a.py": Self.stub("f"), "test_a.py": Self.testA, "b.py": Self.stub("g"),
      "test_b.py": Self.testB, "config.py": "FACTOR = 3\n", "helpers.py": "def double(x):\n    return 2 * x\n",
    ] {
      try repo.write(path, text)
    }
    try repo.git("add", "a.py", "test_a.py", "b.py", "test_b.py")
    let result = try gitLLM(
      ["fill", "--json", "--test-command", "python3 -m pytest -q -p no:cacheprovider {test}"], in: repo.path,
      environment: ["LLM_PROVIDER": "openai", "LLM_BASE_URL": server.url("/v1"), "OPENAI_API_KEY": "sk-unborn"])
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("no commit yet"))
    #expect(!result.stderr.contains("invalid reference"))
    #expect(server.requests.count == 2)
    #expect(try repo.read("a.py").contains("return double(x) * FACTOR"))
    #expect(try repo.read("b.py").contains("return double(x) + FACTOR"))
  }
}
