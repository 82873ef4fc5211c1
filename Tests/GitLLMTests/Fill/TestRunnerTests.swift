import Foundation
import Testing
@testable import GitLLM

@Suite struct TestRunnerTests {
  /// Whether a process is gone (or a zombie waiting for a reaper, which no longer runs).
  func isGone(_ pid: pid_t) -> Bool {
    if kill(pid, 0) != 0 { return true }
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true
  }

  @Test func aHangingTestIsKilledWithItsWholeProcessGroup() async throws {
    let scratch = try ScratchDirectory("runner")
    let runner = TestRunner(timeout: .milliseconds(800))
    // The grandchild ignores SIGTERM and writes its pid; only a group SIGKILL takes it down.
    let run = await runner.run("sh -c 'trap \"\" TERM; echo $$ > grandchild.pid; exec sleep 30' & wait", in: scratch.path)
    #expect(run.timedOut)
    #expect(!run.passed)
    #expect(run.duration < .seconds(5))
    let pid = pid_t(try scratch.read("grandchild.pid").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    #expect(pid > 0)
    try await Task.sleep(for: .milliseconds(100))
    #expect(isGone(pid))
  }

  @Test func backgroundStragglersDoNotHoldTheRunOpen() async throws {
    let scratch = try ScratchDirectory("runner")
    let started = ContinuousClock.now
    let run = await TestRunner(timeout: .seconds(20)).run("sleep 30 & echo $! > bg.pid; echo done", in: scratch.path)
    #expect(run.exitCode == 0)
    #expect(run.output == "done\n")
    #expect(ContinuousClock.now - started < .seconds(5))
    let pid = pid_t(try scratch.read("bg.pid").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    try await Task.sleep(for: .milliseconds(100))
    #expect(isGone(pid))
  }

  @Test func providerKeysAreRemovedFromTheEnvironment() async throws {
    let scratch = try ScratchDirectory("runner")
    let runner = TestRunner(
      environment: ["PATH": "/usr/bin:/bin", "OPENAI_API_KEY": "sk-secret", "LLM_BASE_URL": "http://x",
        "GOOGLE_OAUTH_ACCESS_TOKEN": "ya29", "GIT_INDEX_FILE": "/tmp/i", "KEEP": "kept"])
    let run = await runner.run(
      "echo ${OPENAI_API_KEY:-none} ${LLM_BASE_URL:-none} ${GOOGLE_OAUTH_ACCESS_TOKEN:-none} ${GIT_INDEX_FILE:-none} $KEEP; pwd",
      in: scratch.path)
    #expect(run.output == "none none none none kept\n\(scratch.path)\n")
  }

  @Test func exitStatusSignalAndBoundedOutput() async throws {
    let scratch = try ScratchDirectory("runner")
    let failed = await TestRunner().run("echo out; echo err >&2; exit 3", in: scratch.path)
    #expect(failed.exitCode == 3)
    #expect(failed.output == "out\nerr\n")
    let killed = await TestRunner().run("kill -9 $$", in: scratch.path)
    #expect(killed.signal == 9)
    #expect(killed.summary == "killed by signal 9")
    let chatty = await TestRunner(captureLimit: 1000).run("seq 1 100000", in: scratch.path)
    #expect(chatty.exitCode == 0)
    #expect(chatty.output.count < 2200)
    #expect(chatty.output.hasPrefix("1\n2\n3\n"))
    #expect(chatty.output.hasSuffix("99999\n100000\n"))
    #expect(chatty.output.contains("bytes of output dropped"))
  }
}
