import Foundation
import Testing

/// The pre-commit framework (from PyPI) building git-llm from this repository's
/// `.pre-commit-hooks.yaml` with `language: swift` and running its hooks. `ci/test` installs
/// pre-commit; the build takes a minute or two the first time for each commit of git-llm.
@Suite(.serialized) struct PreCommitFrameworkTests {
  static let preCommit: String? = ["/usr/local/bin/pre-commit", "/usr/bin/pre-commit"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }
    ?? (try? Subprocess.run("/bin/sh", ["-c", "command -v pre-commit"]))
    .flatMap { $0.status == 0 ? $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil }

  /// This package's root: Tests/GitLLMTests/Install/<file> is four levels down.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  @Test(.enabled(if: preCommit != nil, "needs pre-commit (pip install pre-commit)"))
  func frameworkRunsGitLLMsHooks() throws {
    let preCommit = try #require(Self.preCommit)
    let rev = try git("rev-parse", "HEAD", in: Self.packageRoot)
    let repo = try TestRepository("precommit")
    try repo.commit("config", files: [
      ".pre-commit-config.yaml": """
        repos:
          - repo: \(Self.packageRoot)
            rev: \(rev)
            hooks:
              - id: git-llm-summaries
              - id: git-llm-reindex-post-checkout
              - id: git-llm-reindex-post-merge

        """
    ])
    // The system git config maps github.com to this machine's package mirror for SwiftPM; the
    // build cache is kept under .build so a rerun at the same commit does not build again.
    let environment: [String: String?] = [
      "GIT_CONFIG_NOSYSTEM": nil, "PRE_COMMIT_HOME": Self.packageRoot + "/.build/pre-commit-home",
    ]
    let install = try Subprocess.run(
      preCommit, ["install", "-t", "pre-commit", "-t", "post-checkout", "-t", "post-merge"],
      in: repo.path, environment: environment)
    #expect(install.status == 0, "\(install)")

    try repo.write("calc.py", "def add(a, b):\n    \"\"\"Adds two numbers.\"\"\"\n    return a + b\n")
    try repo.git("add", "calc.py")
    let first = try Subprocess.run("/usr/bin/git", ["commit", "-m", "calc"], in: repo.path, environment: environment)
    #expect(first.status != 0, "under the framework the hook writes the summaries and fails: \(first)")
    #expect((first.stdout + first.stderr).contains("summaries updated: git add them"))
    let summary = try repo.read("calc.py.md")
    #expect(summary.contains("source-blob: \(try repo.git("rev-parse", ":calc.py"))"))
    #expect(summary.contains("model: outline"))
    #expect(try repo.git("diff", "--cached", "--name-only") == "calc.py")

    try repo.git("add", "calc.py.md")
    let second = try Subprocess.run("/usr/bin/git", ["commit", "-m", "calc"], in: repo.path, environment: environment)
    #expect(second.status == 0, "\(second)")
    #expect(try repo.git("ls-tree", "--name-only", "HEAD").split(separator: "\n").contains("calc.py.md"))

    // post-checkout gets git's arguments from pre-commit's environment variables.
    let checkout = try Subprocess.run("/usr/bin/git", ["checkout", "-b", "topic"], in: repo.path, environment: environment)
    #expect(checkout.status == 0, "\(checkout)")
    let status = try gitLLM(["index", "--status", "--json"], in: repo.path)
    #expect(status.status == 0, "\(status)")
    #expect(status.stdout.contains(try repo.git("rev-parse", "HEAD")))
    #expect(status.stdout.contains("calc.py"))
  }
}
