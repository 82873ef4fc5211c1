import Foundation

/// The result of a finished child process.
struct ProcessResult: CustomStringConvertible {
  var status: Int32
  var stdout: String
  var stderr: String
  var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

enum Subprocess {
  /// Runs a program to completion and captures its output. `environment` entries are added to
  /// (or, with a nil value, removed from) the hermetic base environment.
  @discardableResult
  static func run(
    _ executable: String, _ arguments: [String], in directory: String? = nil,
    environment: [String: String?] = [:], input: String? = nil
  ) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var env = hermeticEnvironment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let inPipe = Pipe()
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try? inPipe.fileHandleForWriting.close()
    // Read both pipes concurrently so a chatty child cannot fill one and block.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(
      status: process.terminationStatus,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// The environment children start from: no user or system git config, fixed identities, no
  /// provider keys or Pub/Sub settings leaking in from the machine.
  static var hermeticEnvironment: [String: String] {
    var env = ProcessInfo.processInfo.environment
    for key in env.keys
    where key.hasPrefix("GIT_") || key.hasSuffix("_API_KEY") || key.hasPrefix("PUBSUB_")
      || key.hasPrefix("LLM_") || key.hasPrefix("GOOGLE_") || key == "MESSAGE_HISTORY"
    {
      env[key] = nil
    }
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_CONFIG_GLOBAL"] = "/dev/null"
    env["GIT_AUTHOR_NAME"] = "Ada Tester"
    env["GIT_AUTHOR_EMAIL"] = "ada@example.com"
    env["GIT_COMMITTER_NAME"] = "Ada Tester"
    env["GIT_COMMITTER_EMAIL"] = "ada@example.com"
    env["GIT_LLM_NO_PUBLISH_WAIT"] = "1"
    return env
  }

  /// The `git-llm` binary built next to the test bundle (override with `GIT_LLM_BIN`).
  static var gitLLMBinary: String {
    if let override = ProcessInfo.processInfo.environment["GIT_LLM_BIN"] { return override }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // swift test runs `…/debug/git-llmPackageTests.xctest`; the executable sits beside it.
    while dir.path != "/" {
      let candidate = dir.appendingPathComponent("git-llm").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return ".build/debug/git-llm"
  }
}

/// Runs the real `git` CLI in a directory, throwing with its output when it fails.
@discardableResult
func git(_ arguments: String..., in directory: String, environment: [String: String?] = [:])
  throws -> String
{
  let result = try Subprocess.run("/usr/bin/git", arguments, in: directory, environment: environment)
  guard result.status == 0 else {
    throw CommandFailure(command: "git " + arguments.joined(separator: " "), result: result)
  }
  return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Runs the built `git-llm` binary.
@discardableResult
func gitLLM(_ arguments: [String], in directory: String, environment: [String: String?] = [:], input: String? = nil)
  throws -> ProcessResult
{
  try Subprocess.run(Subprocess.gitLLMBinary, arguments, in: directory, environment: environment, input: input)
}

struct CommandFailure: Error, CustomStringConvertible {
  var command: String
  var result: ProcessResult
  var description: String { "\(command) failed: \(result)" }
}

/// A scratch repository with an initial branch `main`, driven by the git CLI.
final class TestRepository {
  let scratch: ScratchDirectory
  var path: String { scratch.path }

  init(_ label: String = "repo", bare: Bool = false) throws {
    scratch = try ScratchDirectory(label)
    let path = scratch.path
    if bare {
      try GitLLMTests.git("init", "-q", "--bare", "-b", "main", in: path)
    } else {
      try GitLLMTests.git("init", "-q", "-b", "main", in: path)
    }
  }

  @discardableResult
  func git(_ arguments: String...) throws -> String {
    let result = try Subprocess.run("/usr/bin/git", arguments, in: path)
    guard result.status == 0 else {
      throw CommandFailure(command: "git " + arguments.joined(separator: " "), result: result)
    }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func write(_ relative: String, _ text: String) throws { try scratch.write(relative, text) }
  func read(_ relative: String) throws -> String { try scratch.read(relative) }

  /// Writes the files, stages everything and commits; returns the new HEAD sha.
  @discardableResult
  func commit(_ message: String, files: [String: String] = [:]) throws -> String {
    for (relative, text) in files { try write(relative, text) }
    try git("add", "-A")
    try git("commit", "-q", "--allow-empty", "-m", message)
    return try git("rev-parse", "HEAD")
  }
}
