import Foundation

/// The outcome of one test command run.
public struct TestRun: Sendable, Equatable, Codable {
  /// The exit status, nil when the command was killed by a signal.
  public var exitCode: Int32?
  /// The signal that ended it, if any.
  public var signal: Int32?
  /// Whether it ran past its timeout (and its process group was killed).
  public var timedOut: Bool
  /// Standard output and error interleaved, bounded (the middle dropped when too long).
  public var output: String
  public var duration: Duration

  public var passed: Bool { exitCode == 0 && !timedOut }

  /// A short phrase for reports: "exit 1", "killed by signal 9", "timed out after 5s".
  public var summary: String {
    if timedOut { return "timed out after \(duration.components.seconds)s" }
    if let signal { return "killed by signal \(signal)" }
    return "exit \(exitCode ?? -1)"
  }
}

/// Runs a shell command in its own process group with a timeout and a scrubbed environment.
public struct TestRunner: Sendable {
  public var timeout: Duration
  /// Bytes kept from the start and from the end of the output each.
  public var captureLimit: Int
  public var environment: [String: String]

  public init(
    timeout: Duration = .seconds(300), captureLimit: Int = 256 * 1024,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    self.timeout = timeout
    self.captureLimit = captureLimit
    self.environment = TestRunner.scrubbed(environment)
  }

  /// The environment without provider keys, git-llm's own settings or a hook's git variables.
  public static func scrubbed(_ environment: [String: String]) -> [String: String] {
    let settingVariables = Set(SettingKey.all.filter { $0.isSecret || $0.name.hasPrefix("llm.") }.flatMap(\.environment))
    return environment.filter { key, _ in
      !(key.hasSuffix("_API_KEY") || key.hasPrefix("LLM_") || settingVariables.contains(key)
        || ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_OBJECT_DIRECTORY"].contains(key))
    }
  }

  /// Runs `/bin/sh -c command` in `directory` on a thread of its own, off the cooperative pool.
  public func run(_ command: String, in directory: String) async -> TestRun {
    await withCheckedContinuation { continuation in
      let thread = Thread { continuation.resume(returning: self.runBlocking(command, in: directory)) }
      thread.stackSize = 1 << 20
      thread.start()
    }
  }

  /// Runs the command and blocks until it and its process group are finished.
  public func runBlocking(_ command: String, in directory: String) -> TestRun {
    let start = ContinuousClock.now
    var capture = BoundedCapture(limit: captureLimit)
    let spawned: ProcessGroupChild
    do {
      spawned = try ProcessGroupChild.spawnShell(command, directory: directory, environment: environment)
    } catch {
      return TestRun(exitCode: 127, signal: nil, timedOut: false, output: "\(error)", duration: .zero)
    }
    let deadline = start + timeout
    var timedOut = false
    var status: Int32?
    var buffer = [UInt8](repeating: 0, count: 65536)
    var open = true
    while true {
      if open {
        var pfd = pollfd(fd: spawned.output, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, 10)
        if ready > 0 {
          let count = read(spawned.output, &buffer, buffer.count)
          if count > 0 { capture.append(buffer[0..<count]) } else if count == 0 || errno != EINTR { open = false }
        }
      } else {
        usleep(2000)
      }
      // Exited (not reaped yet, so its pid still names the group): take the stragglers down too.
      if status == nil, spawned.hasExited() {
        kill(-spawned.pid, SIGKILL)
        status = spawned.reap()
      }
      if status != nil && !open { break }
      if status != nil {
        // The group is gone; whatever is left in the pipe is all there will be.
        drain(spawned.output, into: &capture, buffer: &buffer)
        break
      }
      if ContinuousClock.now >= deadline {
        timedOut = true
        kill(-spawned.pid, SIGKILL)
        status = spawned.reap()
        drain(spawned.output, into: &capture, buffer: &buffer)
        break
      }
    }
    close(spawned.output)
    let raw = status ?? -1
    let exited = (raw & 0x7f) == 0
    return TestRun(
      exitCode: exited ? (raw >> 8) & 0xff : nil, signal: exited ? nil : raw & 0x7f,
      timedOut: timedOut, output: capture.text, duration: ContinuousClock.now - start)
  }

  private func drain(_ fd: Int32, into capture: inout BoundedCapture, buffer: inout [UInt8]) {
    let flags = fcntl(fd, F_GETFL)
    _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    while true {
      let count = read(fd, &buffer, buffer.count)
      if count <= 0 { break }
      capture.append(buffer[0..<count])
    }
  }
}

/// Output kept as a head and a tail of at most `limit` bytes each.
struct BoundedCapture {
  let limit: Int
  var head: [UInt8] = []
  var tail: [UInt8] = []
  var dropped = 0

  init(limit: Int) { self.limit = limit }

  mutating func append(_ bytes: ArraySlice<UInt8>) {
    var rest = bytes
    if head.count < limit {
      let take = min(limit - head.count, rest.count)
      head.append(contentsOf: rest.prefix(take))
      rest = rest.dropFirst(take)
    }
    guard !rest.isEmpty else { return }
    tail.append(contentsOf: rest)
    if tail.count > 2 * limit {
      dropped += tail.count - limit
      tail.removeFirst(tail.count - limit)
    }
  }

  var text: String {
    var keptTail = tail
    var droppedTotal = dropped
    if keptTail.count > limit {
      droppedTotal += keptTail.count - limit
      keptTail.removeFirst(keptTail.count - limit)
    }
    let middle = droppedTotal > 0 ? "\n… (\(droppedTotal) bytes of output dropped) …\n" : ""
    return String(decoding: head, as: UTF8.self) + middle + String(decoding: keptTail, as: UTF8.self)
  }
}
