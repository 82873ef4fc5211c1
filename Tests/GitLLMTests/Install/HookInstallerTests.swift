import Foundation
import Testing
@testable import GitLLM

/// A repository plus an executable that stands in for git-llm and logs how the shims call it.
struct InstallFixture {
  let repo: TestRepository
  let recorder: String
  var log: String { repo.path + "/.git/hook-log" }

  init(_ label: String = "install") throws {
    repo = try TestRepository(label)
    recorder = repo.path + "/.git/fake-git-llm"
    try writeScript(
      recorder,
      """
      #!/bin/sh
      echo "git-llm $*" >> "\(repo.path)/.git/hook-log"
      if [ "$2" = post-rewrite ]; then sed 's/^/stdin: /' >> "\(repo.path)/.git/hook-log"; fi
      exit 0
      """)
  }

  func installer() throws -> HookInstaller {
    try HookInstaller(repository: Repository(path: repo.path), binaryPath: recorder)
  }

  func logLines() -> [String] {
    ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
  }
}

func writeScript(_ path: String, _ text: String) throws {
  try FileManager.default.createDirectory(
    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
  try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
  try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
}

/// Every file in a folder with its bytes and permissions, to compare states exactly.
func snapshot(_ folder: String) throws -> [String: String] {
  var result: [String: String] = [:]
  for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
    let path = folder + "/" + name
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    let data = FileManager.default.contents(atPath: path) ?? Data()
    result[name] = "\(String(mode, radix: 8)) \(data.base64EncodedString())"
  }
  return result
}

@Suite struct HookInstallerTests {
  @Test func foreignHookIsKeptAndRunsFirst() throws {
    let f = try InstallFixture()
    let hook = f.repo.path + "/.git/hooks/pre-commit"
    try writeScript(hook, "#!/bin/sh\necho legacy pre-commit >> \"\(f.log)\"\n")
    let original = try Data(contentsOf: URL(fileURLWithPath: hook))
    let actions = try f.installer().install()
    #expect(actions.contains { $0.hook == "pre-commit" && $0.kind == .keptLegacy })
    #expect(try Data(contentsOf: URL(fileURLWithPath: hook + ".legacy")) == original)
    try f.repo.commit("first", files: ["a.py": "x = 1\n"])
    #expect(f.logLines() == ["legacy pre-commit", "git-llm hook pre-commit"])
  }

  @Test func foreignHookFailureStopsTheCommit() throws {
    let f = try InstallFixture()
    try writeScript(f.repo.path + "/.git/hooks/pre-commit", "#!/bin/sh\necho no >&2\nexit 7\n")
    _ = try f.installer().install()
    try f.repo.write("a.py", "x = 1\n")
    try f.repo.git("add", "a.py")
    #expect(throws: CommandFailure.self) { try f.repo.git("commit", "-q", "-m", "blocked") }
    #expect(f.logLines().isEmpty)
    #expect((try? f.repo.git("rev-parse", "--verify", "-q", "HEAD")) == nil)
  }

  @Test func shimsReceiveGitsArgumentsAndPostRewriteInput() throws {
    let f = try InstallFixture()
    try writeScript(f.repo.path + "/.git/hooks/post-rewrite", "#!/bin/sh\nsed 's/^/legacy stdin: /' >> \"\(f.log)\"\n")
    _ = try f.installer().install()
    try f.repo.commit("first", files: ["a.py": "x = 1\n"])
    let before = try f.repo.git("rev-parse", "HEAD")
    try f.repo.git("commit", "-q", "--amend", "-m", "amended")
    let after = try f.repo.git("rev-parse", "HEAD")
    let lines = f.logLines()
    #expect(lines.contains("legacy stdin: \(before) \(after)"))
    #expect(lines.contains("git-llm hook post-rewrite amend"))
    #expect(lines.contains("stdin: \(before) \(after)"))
    try f.repo.git("checkout", "-q", "-b", "topic")
    #expect(f.logLines().last == "git-llm hook post-checkout \(after) \(after) 1")
  }

  @Test func installingTwiceChangesNothing() throws {
    let f = try InstallFixture()
    try writeScript(f.repo.path + "/.git/hooks/post-merge", "#!/bin/sh\nexit 0\n")
    _ = try f.installer().install()
    let once = try snapshot(f.repo.path + "/.git/hooks")
    let again = try f.installer().install()
    #expect(again.allSatisfy { $0.kind == .unchanged })
    #expect(try snapshot(f.repo.path + "/.git/hooks") == once)
  }

  @Test func uninstallRestoresTheFolderExactly() throws {
    let f = try InstallFixture()
    let hooks = f.repo.path + "/.git/hooks"
    try writeScript(hooks + "/pre-commit", "#!/bin/sh\n# team hook\nexit 0\n")
    try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: hooks + "/pre-commit")
    let before = try snapshot(hooks)
    _ = try f.installer().install()
    _ = try f.installer().install()
    #expect(try snapshot(hooks) != before)
    let actions = try f.installer().uninstall()
    #expect(actions.contains { $0.hook == "pre-commit" && $0.kind == .restoredLegacy })
    #expect(try snapshot(hooks) == before)
  }

  @Test func coreHooksPathIsHonoured() throws {
    let f = try InstallFixture()
    try f.repo.git("config", "core.hooksPath", ".githooks")
    let installer = try f.installer()
    #expect(installer.hooksDirectory == f.repo.path + "/.githooks")
    _ = try installer.install(hooks: ["pre-commit"])
    #expect(FileManager.default.fileExists(atPath: f.repo.path + "/.githooks/pre-commit"))
    #expect(!FileManager.default.fileExists(atPath: f.repo.path + "/.git/hooks/pre-commit"))
    try f.repo.commit("first", files: ["a.py": "x = 1\n"])
    #expect(f.logLines() == ["git-llm hook pre-commit"])
  }

  @Test func linkedWorktreesShareTheCommonHooksFolder() throws {
    let f = try InstallFixture()
    try f.repo.commit("first", files: ["a.py": "x = 1\n"])
    let scratch = try ScratchDirectory("wt")
    let worktree = scratch.path + "/linked"
    try f.repo.git("worktree", "add", "-q", worktree, "-b", "linked")
    let installer = try HookInstaller(repository: Repository.discover(from: worktree), binaryPath: f.recorder)
    #expect(installer.hooksDirectory == f.repo.path + "/.git/hooks")
    _ = try installer.install()
    try scratch.write("linked/b.py", "y = 2\n")
    try git("add", "b.py", in: worktree)
    try git("commit", "-q", "-m", "in the worktree", in: worktree)
    #expect(f.logLines().contains("git-llm hook pre-commit"))
  }

  @Test func huskysFolderIsRefusedWithAdvice() throws {
    let f = try InstallFixture()
    try writeScript(f.repo.path + "/.husky/_/husky.sh", "#!/bin/sh\n")
    try f.repo.git("config", "core.hooksPath", ".husky/_")
    let error = #expect(throws: HookInstaller.Failure.self) { try f.installer().install() }
    #expect(error?.description.contains("husky") == true)
    #expect(error?.description.contains("git llm hook pre-commit") == true)
    #expect(!FileManager.default.fileExists(atPath: f.repo.path + "/.husky/_/pre-commit"))
    _ = try f.installer().install(force: true)
    #expect(FileManager.default.fileExists(atPath: f.repo.path + "/.husky/_/pre-commit"))
  }

  @Test func preCommitFrameworkHookIsNotWrapped() throws {
    let f = try InstallFixture()
    try writeScript(f.repo.path + "/.git/hooks/pre-commit", "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexit 0\n")
    let error = #expect(throws: HookInstaller.Failure.self) { try f.installer().install() }
    #expect(error?.description.contains(".pre-commit-config.yaml") == true)
    #expect(!FileManager.default.fileExists(atPath: f.repo.path + "/.git/hooks/pre-commit.legacy"))
    let actions = try f.installer().install(hooks: ["post-merge"])
    #expect(actions.map(\.kind) == [.installed])
  }

  @Test func clashingLegacyNeedsForceWhichSetsItAsideAndKeepsTheLiveHook() throws {
    let f = try InstallFixture()
    let hooks = f.repo.path + "/.git/hooks"
    try writeScript(hooks + "/pre-commit", "#!/bin/sh\necho live >> \"\(f.log)\"\n")
    try writeScript(hooks + "/pre-commit.legacy", "#!/bin/sh\necho older >> \"\(f.log)\"\n")
    let before = try snapshot(hooks)
    #expect(throws: HookInstaller.Failure.self) { try f.installer().install() }
    #expect(try snapshot(hooks) == before)
    let actions = try f.installer().install(force: true)
    #expect(actions.contains { $0.hook == "pre-commit" && $0.kind == .setAside })
    #expect(try f.installer().installedHooks() == HookInstaller.allHooks)
    // The live hook still runs first; the older one is kept, not run.
    try f.repo.commit("first", files: ["a.py": "x = 1\n"])
    #expect(f.logLines() == ["live", "git-llm hook pre-commit"])
    _ = try f.installer().uninstall()
    #expect(try snapshot(hooks) == before)
  }

  @Test func bareSystemPathStillFindsTheBakedInBinary() throws {
    let f = try InstallFixture()
    _ = try f.installer().install(hooks: ["pre-commit"])
    try f.repo.write("a.py", "x = 1\n")
    try f.repo.git("add", "a.py")
    let result = try Subprocess.run(
      "/usr/bin/git", ["commit", "-q", "-m", "gui"], in: f.repo.path, environment: ["PATH": "/usr/bin:/bin"])
    #expect(result.status == 0, "\(result)")
    #expect(f.logLines() == ["git-llm hook pre-commit"])
  }

  @Test func missingBinaryWarnsAndLetsGitGoOn() throws {
    let f = try InstallFixture()
    let installer = try HookInstaller(repository: Repository(path: f.repo.path), binaryPath: "/nonexistent/git-llm")
    _ = try installer.install(hooks: ["pre-commit"])
    try f.repo.write("a.py", "x = 1\n")
    try f.repo.git("add", "a.py")
    let result = try Subprocess.run(
      "/usr/bin/git", ["commit", "-q", "-m", "no binary"], in: f.repo.path,
      environment: ["PATH": "/usr/bin:/bin", "HOME": f.repo.path])
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("git-llm: binary not found (installed as /nonexistent/git-llm)"))
  }
}
